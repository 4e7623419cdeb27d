import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of QR Pack's package.json, found from this module whether run from source or out/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'qrpack') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('QR Pack package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
