import type { ReactNode } from 'react';
import { NoticeLine, type Notice } from './useNotice';

/** A screen's frame: its title, what it is for, and its message line. */
export function Screen({ id, title, intro, notice, children }: { id: string; title: string; intro: string; notice: Notice | null; children: ReactNode }) {
  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <p className="intro">{intro}</p>
      <NoticeLine notice={notice} />
      {children}
    </section>
  );
}
