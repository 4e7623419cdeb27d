import fs from 'node:fs';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, resolveRendererFile } from '../transport/rendererFiles';

export const RENDERER_SCHEME = 'app';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://qrpack`;

/** Must run before the app is ready. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://qrpack/, never a file outside it. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === 'qrpack' ? resolveRendererFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(await fs.promises.readFile(found.file), {
      headers: { 'content-type': found.contentType, 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
}
