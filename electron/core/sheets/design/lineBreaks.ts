import { lazyModule, requireModule } from '../../lazyModule';

interface LineBreakerClass {
  new (text: string): { nextBreak(): { position: number; required: boolean } | null };
}

// The linebreak package (pdfkit's own line breaker) implements UAX #14 with its CJK classes.
const LineBreaker = lazyModule(() => requireModule('linebreak') as LineBreakerClass);

/**
 * A text cut at its line-break opportunities by the Unicode line-breaking algorithm (UAX #14):
 * between CJK characters, after spaces and hyphens — but never before a closing or non-starting
 * mark (，。：；！？）」 …) nor after an opening one (（「《 …), so no line starts with "：".
 * Each piece keeps its trailing spaces.
 */
export function lineSegments(text: string): string[] {
  const breaker = new (LineBreaker())(text);
  const segments: string[] = [];
  let last = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    if (next.position > last) segments.push(text.slice(last, next.position));
    last = next.position;
  }
  return segments;
}
