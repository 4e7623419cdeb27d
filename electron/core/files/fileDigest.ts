import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** The SHA-256 of a file, read as a stream (exports run to hundreds of MB). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
