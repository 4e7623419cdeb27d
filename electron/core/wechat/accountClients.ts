import { AppError } from '../appError';
import type { AccountRecord } from '../accounts/accountRepo';
import type { Redactor } from '../log/redactor';
import type { SecretVault } from '../secrets/secretVault';
import type { TokenSpec } from './tokenSources';
import { WechatClient } from './wechatClient';

/** The in-process sandbox as core sees it (started by main or the CLI, which own that choice). */
export interface SandboxHandle {
  url: string;
  appId: string;
  secret: string;
  /** Sends the sandbox's scans and card claims to a message server, as WeChat would (null: to none). */
  pushTo(target: SandboxPushTarget | null): unknown;
  close(): Promise<void>;
}
export interface SandboxPushTarget {
  url: string;
  token: string;
  encodingAesKey?: string;
  appId?: string;
}
export type SandboxStarter = () => Promise<SandboxHandle>;

/** One WeChat client per account, built on first use and dropped when the account changes. */
export class AccountClients {
  private readonly clients = new Map<string, Promise<WechatClient>>();
  private sandbox: Promise<SandboxHandle> | undefined;
  /** Secrets given for this process only (the CLI's QRPACK_APPSECRET), never stored. */
  private readonly givenSecrets = new Map<string, string>();

  constructor(
    private readonly vault: SecretVault,
    private readonly redactor: Redactor,
    private readonly startSandbox: SandboxStarter | undefined,
  ) {}

  clientFor(account: AccountRecord): Promise<WechatClient> {
    let client = this.clients.get(account.id);
    if (!client) {
      client = this.build(account);
      client.catch(() => this.clients.delete(account.id));
      this.clients.set(account.id, client);
    }
    return client;
  }

  useSecret(accountId: string, secret: string): void {
    this.redactor.add(secret);
    this.givenSecrets.set(accountId, secret);
    this.clients.delete(accountId);
  }

  forget(accountId: string): void {
    this.clients.delete(accountId);
  }

  /** The running sandbox, started now if it was not. */
  sandboxHandle(): Promise<SandboxHandle> {
    if (!this.startSandbox) throw new AppError('internal', { en: 'The sandbox is not available here.', 'zh-CN': '此处无法使用沙箱。' });
    this.sandbox ??= this.startSandbox();
    return this.sandbox;
  }

  /** The sandbox's address once started, for display. */
  async sandboxUrl(): Promise<string | undefined> {
    return this.sandbox ? (await this.sandbox).url : undefined;
  }

  async close(): Promise<void> {
    this.clients.clear();
    if (this.sandbox) await (await this.sandbox).close();
  }

  private async build(account: AccountRecord): Promise<WechatClient> {
    if (account.kind === 'sandbox') {
      const sandbox = await this.sandboxHandle();
      return new WechatClient({
        apiBase: sandbox.url,
        token: { kind: 'stable', appId: sandbox.appId, secret: sandbox.secret },
        redactor: this.redactor,
        appId: sandbox.appId,
        showQrcodeBase: sandbox.url,
      });
    }
    return new WechatClient({ apiBase: account.apiBase, token: this.tokenSpec(account), redactor: this.redactor, appId: account.appId });
  }

  private tokenSpec(account: AccountRecord): TokenSpec {
    const secret = this.givenSecrets.get(account.id) ?? this.vault.get(account.id);
    if (account.credentialKind === 'tokenService') return { kind: 'service', url: account.tokenServiceUrl, key: secret ?? undefined };
    if (!secret) {
      throw new AppError('forbidden', {
        en: 'No AppSecret is stored for this account on this computer. Edit the account and enter it (on the command line: set QRPACK_APPSECRET or pipe it on standard input).',
        'zh-CN': '本机未保存该账号的 AppSecret,请编辑账号并填写(命令行:设置 QRPACK_APPSECRET 或从标准输入传入)。',
      });
    }
    return { kind: account.tokenMode, appId: account.appId, secret };
  }
}
