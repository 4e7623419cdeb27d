import fs from 'node:fs';
import path from 'node:path';
import { LABEL_FONTS } from '../core/sheets/design/fontCatalog';

/**
 * The renderer's Content-Security-Policy, sent as a header by both transports (the app:// protocol
 * and the browser transport). index.html carries the same policy in a meta tag as a second line.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

/** The fonts renderer/src/uiFonts.ts registers, served from the package that ships them. */
const UI_FONTS: Record<string, string> = {
  '/fonts/ui-regular.ttf': LABEL_FONTS['sans-regular'],
  '/fonts/ui-bold.ttf': LABEL_FONTS['sans-bold'],
};

export interface RendererFile {
  file: string;
  contentType: string;
}

/**
 * Maps a URL path to a file inside the built renderer, refusing anything that would escape it
 * (`..`, encoded separators, absolute paths). "/" is index.html.
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): RendererFile | null {
  // The screens' Chinese font is the labels' own Noto Sans SC, shipped once for both: a machine
  // without a CJK font of its own still shows every character.
  const font = UI_FONTS[urlPath];
  if (font) return { file: font, contentType: 'font/ttf' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  return { file, contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
