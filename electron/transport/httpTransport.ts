import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Envelope } from '../../shared/contract';
import type { QrPackApp } from '../core/app';
import { CONTENT_SECURITY_POLICY, resolveRendererFile } from './rendererFiles';

export const SESSION_HEADER = 'x-qrpack-session';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface HttpTransportOptions {
  app: QrPackApp;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface HttpTransport {
  /** Open this in a browser: the session token rides in the fragment, never sent in a request line. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/**
 * The browser transport: the same service as IPC, over HTTP on loopback for development and
 * Playwright. Calls are `POST /rpc/<method>` with the session token in a header; events stream
 * from `GET /events` as server-sent events. The Host header is checked against DNS rebinding.
 */
export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const token = randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const streams = new Set<http.ServerResponse>();
  let allowedHosts = new Set<string>();

  const authorised = (req: http.IncomingMessage) => {
    const given = Buffer.from(String(req.headers[SESSION_HEADER] ?? ''));
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const refusal = (en: string, zh: string): Envelope<never> => ({
    ok: false,
    error: { code: 'forbidden', message: { en, 'zh-CN': zh } },
  });

  const server = http.createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (!authorised(req)) return sendJson(res, 401, refusal('Missing or wrong session token.', '会话令牌缺失或错误。'));
      return void readJson(req).then(
        async (body) => sendJson(res, 200, await options.app.dispatch(url.pathname.slice(5), body)),
        () =>
          sendJson(res, 400, {
            ok: false,
            error: { code: 'invalid_argument', message: { en: 'The request body is not JSON.', 'zh-CN': '请求内容不是 JSON。' } },
          }),
      );
    }
    if (url.pathname === '/events') {
      if (!authorised(req)) return sendJson(res, 401, refusal('Missing or wrong session token.', '会话令牌缺失或错误。'));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      const unsubscribe = options.app.onEvent((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(res);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    // An export opened in the browser's viewer (to print it): a granted token, never a path.
    const download = /^\/download\/([A-Za-z0-9_-]{20,64})\/[^/]+$/.exec(url.pathname);
    if (download) {
      const file = options.app.downloads.fileFor(download[1]!);
      if (!file || !fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': file.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
        'content-length': fs.statSync(file).size,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return void res.end();
      return void fs.createReadStream(file).pipe(res);
    }
    const found = resolveRendererFile(options.rendererDir, url.pathname);
    if (!found) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': found.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(found.file).pipe(res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#session=${token}`,
    origin,
    token,
    close: async () => {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}
