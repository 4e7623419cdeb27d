import fs from 'node:fs';
import path from 'node:path';
import type { LocalizedText } from '../../../shared/text';
import type { Redactor } from '../log/redactor';

/**
 * Encrypts and decrypts secrets. In the app this is Electron's safeStorage (OS keychain);
 * core never imports Electron, so the main process hands it in.
 */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
  /** Why secrets cannot be stored on this computer, when they cannot. */
  unavailableReason?(): LocalizedText | null;
}

/**
 * Whether the OS keychain really protects a secret. On Linux without a running keyring Electron
 * falls back to `basic_text`: encryption with a key built into Chromium, which protects nothing.
 */
export function keychainProblem(platform: string, encryptionAvailable: boolean, linuxBackend: string | undefined): LocalizedText | null {
  if (platform === 'linux' && linuxBackend === 'basic_text') {
    return {
      en: 'No keyring (GNOME Keyring, KWallet) is running on this Linux desktop, so a secret would be stored with a key anyone can read. Start a keyring and restart QR Pack, or use a token service.',
      'zh-CN': '此 Linux 桌面未运行密钥环(GNOME Keyring、KWallet),密钥只能以人人可读的方式保存。请启动密钥环后重启 QR Pack,或改用令牌服务。',
    };
  }
  if (!encryptionAvailable) {
    return {
      en: 'This computer offers no secure storage for secrets, so the secret was not saved. Use a token service instead.',
      'zh-CN': '本机没有可用的安全存储,密钥未保存。请改用令牌服务。',
    };
  }
  return null;
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

  /** Why a secret cannot be stored here, or null when it can. */
  cannotStore(): LocalizedText | null {
    if (!this.cipher) return keychainProblem(process.platform, false, undefined);
    return this.cipher.unavailableReason?.() ?? (this.cipher.isAvailable() ? null : keychainProblem(process.platform, false, undefined));
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
