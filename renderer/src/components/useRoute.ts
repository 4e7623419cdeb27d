import { useEffect, useState } from 'react';

export const ROUTES = ['batches', 'templates', 'products', 'rules', 'testers', 'log', 'account'] as const;
export type Route = (typeof ROUTES)[number];

const parse = (hash: string): Route => {
  const name = hash.replace(/^#\/?/, '').split('/')[0] as Route;
  return ROUTES.includes(name) ? name : 'batches';
};

/** The screen in the address's fragment (#batches, #log…), so reloads and back work. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [route, (next) => (window.location.hash = next)];
}
