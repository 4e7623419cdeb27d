import { useEffect, useRef, useState } from 'react';

export const ROUTES = ['batches', 'templates', 'products', 'rules', 'testers', 'log', 'account'] as const;
export type Route = (typeof ROUTES)[number];

const parse = (hash: string): Route => {
  const name = hash.replace(/^#\/?/, '').split('/')[0] as Route;
  return ROUTES.includes(name) ? name : 'batches';
};

/** The screen with unsaved work, asked before it is left: true to leave. */
let leaveGuard: (() => boolean) | null = null;

/** The screen in the address's fragment (#batches, #log…), so reloads and back work. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  const current = useRef(route);
  useEffect(() => {
    const onHash = () => {
      const next = parse(window.location.hash);
      if (next === current.current) return;
      // Declined: the address goes back to the screen being worked on.
      if (leaveGuard && !leaveGuard()) {
        window.location.hash = current.current;
        return;
      }
      current.current = next;
      setRoute(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [route, (next) => (window.location.hash = next)];
}

/**
 * While `unsaved`, leaving the screen asks first (`ask` answers true to leave), and so does
 * closing or reloading the window.
 */
export function useLeaveGuard(unsaved: boolean, ask: () => boolean): void {
  const asking = useRef(ask);
  asking.current = ask;
  useEffect(() => {
    if (!unsaved) return;
    const guard = () => asking.current();
    leaveGuard = guard;
    const onUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      if (leaveGuard === guard) leaveGuard = null;
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [unsaved]);
}
