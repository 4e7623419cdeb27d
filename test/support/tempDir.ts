import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A fresh folder, removed when the test file ends. */
export function tempDir(prefix = 'qrpack-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every byte QR Pack wrote under a data folder, as one string, to search for leaked secrets. */
export function allBytesUnder(dir: string): string {
  const parts: string[] = [];
  for (const name of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) parts.push(fs.readFileSync(file).toString('latin1'));
  }
  return parts.join('\n');
}
