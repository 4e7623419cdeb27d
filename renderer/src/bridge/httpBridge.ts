import { EVENT_NAMES, METHOD_NAMES, type EventName, type QrPackBridge } from '../../../shared/contract';

const SESSION_KEY = 'qrpack.session';
const RECONNECT_MS = 1000;

/** The session token comes in the URL fragment once; it is kept for reloads of this tab only. */
function takeSessionToken(): string | null {
  const match = /(?:^#|&)session=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(SESSION_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(SESSION_KEY);
}

/**
 * The browser transport's side of the bridge (development and tests): the same named methods as
 * the preload, over `POST /rpc/<method>` and a server-sent-events stream.
 */
export function createHttpBridge(): QrPackBridge | null {
  const token = takeSessionToken();
  if (!token) return null;
  const headers = { 'content-type': 'application/json', 'x-qrpack-session': token };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (args: unknown) => {
        const response = await fetch(`/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}) });
        return response.json();
      },
    ]),
  ) as Omit<QrPackBridge, 'on'>;

  const deliver = (block: string) => {
    let event = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!event || !data) return;
    for (const listener of listeners.get(event as EventName) ?? []) listener(JSON.parse(data));
  };

  const stream = async () => {
    for (;;) {
      try {
        const response = await fetch('/events', { headers });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            deliver(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // The service went away (restart, sleep): try again shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void stream();

  return {
    ...methods,
    on(event, listener) {
      if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${event}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => void set.delete(wrapped);
    },
  };
}
