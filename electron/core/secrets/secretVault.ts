import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from '../log/redactor';

/**
 * Encrypts and decrypts secrets. In the app this is Electron's safeStorage (OS keychain);
 * core never imports Electron, so the main process hands it in.
 */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Secrets at rest: one encrypted file per account under `<data>/secrets/`, never in the database.
 * Every secret read or written is registered with the redactor so no log line can carry it.
 */
export class SecretVault {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher | null,
    private readonly redactor: Redactor,
  ) {
    this.dir = path.join(dataDir, 'secrets');
  }

  canStore(): boolean {
    return this.cipher?.isAvailable() ?? false;
  }

  has(accountId: string): boolean {
    return fs.existsSync(this.fileOf(accountId));
  }

  put(accountId: string, secret: string): void {
    if (!this.cipher || !this.cipher.isAvailable()) throw new Error('no secret cipher available');
    this.redactor.add(secret);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(accountId);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, this.cipher.encrypt(secret), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  get(accountId: string): string | null {
    if (!this.cipher || !this.has(accountId)) return null;
    const secret = this.cipher.decrypt(fs.readFileSync(this.fileOf(accountId)));
    this.redactor.add(secret);
    return secret;
  }

  remove(accountId: string): void {
    fs.rmSync(this.fileOf(accountId), { force: true });
  }

  private fileOf(accountId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(accountId)) throw new Error('bad account id');
    return path.join(this.dir, `${accountId}.bin`);
  }
}
