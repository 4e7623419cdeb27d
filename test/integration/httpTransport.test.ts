import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, test } from 'node:test';
import { SESSION_HEADER, startHttpTransport } from '../../electron/transport/httpTransport';
import { rendererDir } from '../support/projectPaths';
import { testApp, VALID_SECRET, validDraft } from '../support/testApp';

const app = testApp();
const transport = await startHttpTransport({ app, rendererDir });
after(() => transport.close());

/** A raw request, so the Host header can be forged (fetch would not allow it). */
function raw(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(transport.origin);
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpc = (method: string, args: unknown, token = transport.token) =>
  fetch(`${transport.origin}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SESSION_HEADER]: token },
    body: JSON.stringify(args),
  });

test('listens on loopback only, with the token in the fragment', () => {
  assert.match(transport.url, /^http:\/\/127\.0\.0\.1:\d+\/#session=[\w-]{32}$/);
});

test('serves the renderer with its Content-Security-Policy', async () => {
  assert.ok(fs.existsSync(rendererDir), 'run `npm run build` first');
  const res = await fetch(transport.origin + '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'.*script-src 'self'/);
  assert.match(await res.text(), /<div id="root">/);
  assert.equal((await raw('/../package.json')).status, 404);
  assert.equal((await raw('/%2e%2e/package.json')).status, 404);
});

test('calls need the session token', async () => {
  assert.equal((await rpc('getSettings', {}, 'wrong')).status, 401);
  assert.equal((await rpc('getSettings', {}, '')).status, 401);
  const res = await rpc('getSettings', {});
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true, value: { language: 'en', languageSource: 'system', activeAccountId: 'sandbox' } });
  assert.equal((await raw('/events')).status, 401);
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const res = await raw('/rpc/getSettings', {
    method: 'POST',
    headers: { host: 'evil.example:80', [SESSION_HEADER]: transport.token },
    body: '{}',
  });
  assert.equal(res.status, 403);
});

test('bad bodies and bad arguments get typed errors', async () => {
  const notJson = await raw('/rpc/getSettings', {
    method: 'POST',
    headers: { host: new URL(transport.origin).host, [SESSION_HEADER]: transport.token },
    body: '{nope',
  });
  assert.equal(notJson.status, 400);
  assert.equal(JSON.parse(notJson.body).error.code, 'invalid_argument');
  const bad = (await (await rpc('setLanguage', { language: 'klingon' })).json()) as { error: { code: string } };
  assert.equal(bad.error.code, 'invalid_argument');
  const unknown = (await (await rpc('__proto__', {})).json()) as { error: { code: string } };
  assert.equal(unknown.error.code, 'unknown_method');
});

test('events stream to subscribers', async () => {
  const controller = new AbortController();
  const res = await fetch(`${transport.origin}/events`, { headers: { [SESSION_HEADER]: transport.token }, signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  await rpc('saveAccount', validDraft());
  while (!text.includes('event: accountsChanged')) text += (await reader.read()).value ?? '';
  controller.abort();
  assert.ok(!text.includes(VALID_SECRET));
  assert.match(text, /"hasSecret":true/);
});
