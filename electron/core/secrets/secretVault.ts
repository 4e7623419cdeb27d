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

/** The way that needs no secret on the print shop's computer at all. */
const TOKEN_SERVICE: LocalizedText = {
  en: 'choose "The brand\'s token service" as the credential: the brand runs a small service that hands QR Pack access tokens, and its AppSecret never comes to the print shop.',
  'zh-CN': '将凭据改为“品牌方的令牌服务”:由品牌方运行一个小服务向 QR Pack 提供 access_token,AppSecret 不必交给印刷厂。',
};

/**
 * Without any cipher — QR Pack in a browser (`qrpack ui`) or the CLI — nothing can keep a secret
 * here: the three ways that work, for a person choosing between them.
 */
export const NO_SECRET_STORAGE: LocalizedText = {
  en: `QR Pack in a browser cannot keep an AppSecret: nothing here can encrypt it, so none is saved. Any of these works instead: the QR Pack desktop app keeps it in the system's keychain (Windows, macOS, or Linux with GNOME Keyring or KWallet); for the command line, give it in QRPACK_APPSECRET on each run (it is never written anywhere); or ${TOKEN_SERVICE.en}`,
  'zh-CN': `浏览器中的 QR Pack 无法保存 AppSecret:这里没有可加密它的存储,因此不会保存。可改用以下任一方式:使用 QR Pack 桌面版,它把密钥保存在系统钥匙串中(Windows、macOS,或运行 GNOME Keyring / KWallet 的 Linux);命令行每次运行时通过环境变量 QRPACK_APPSECRET 提供(不会写入任何地方);或${TOKEN_SERVICE['zh-CN']}`,
};

/**
 * Whether the OS keychain really protects a secret. On Linux without a running keyring Electron
 * falls back to `basic_text`: encryption with a key built into Chromium, which protects nothing.
 */
export function keychainProblem(platform: string, encryptionAvailable: boolean, linuxBackend: string | undefined): LocalizedText | null {
  if (platform === 'linux' && linuxBackend === 'basic_text') {
    return {
      en: `No keyring (GNOME Keyring, KWallet) is running on this Linux desktop, so a secret would be stored with a key anyone can read; it was not saved. Start a keyring and restart QR Pack, or ${TOKEN_SERVICE.en}`,
      'zh-CN': `此 Linux 桌面未运行密钥环(GNOME Keyring、KWallet),密钥只能以人人可读的方式保存,因此未保存。请启动密钥环后重启 QR Pack,或${TOKEN_SERVICE['zh-CN']}`,
    };
  }
  if (!encryptionAvailable) {
    return {
      en: `This computer offers no secure storage for secrets, so the secret was not saved. ${TOKEN_SERVICE.en}`,
      'zh-CN': `本机没有可用的安全存储,密钥未保存。请${TOKEN_SERVICE['zh-CN']}`,
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
    if (!this.cipher) return NO_SECRET_STORAGE;
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
