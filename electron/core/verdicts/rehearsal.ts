import { randomBytes } from 'node:crypto';
import { AppError } from '../appError';
import type { Log } from '../log/logFile';
import type { Redactor } from '../log/redactor';
import type { SandboxHandle } from '../wechat/accountClients';
import { startMessageServer } from './messageServer';
import type { ScanAnswer, VerdictSource } from './verdictLedger';

export interface RehearsalState {
  running: boolean;
  /** The loopback address the message server listens on. */
  url: string | null;
  safeMode: boolean;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Letters and digits only: what WeChat's console accepts for a Token and an EncodingAESKey. */
const randomAlphanumeric = (length: number) => [...randomBytes(length)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');

/**
 * `qrpack serve` for the sandbox account, inside the service: the message server on 127.0.0.1
 * with a Token (and in safe mode an EncodingAESKey) made up for this run and never shown, and the
 * in-process sandbox pushing its scans and card claims to it, as WeChat pushes to a brand's server.
 */
export class Rehearsal {
  private running: { url: string; safeMode: boolean; close(): Promise<void> } | null = null;
  private starting: Promise<RehearsalState> | null = null;

  constructor(
    private readonly ledger: VerdictSource,
    private readonly log: Log,
    private readonly redactor: Redactor,
    private readonly sandbox: () => Promise<SandboxHandle>,
  ) {}

  state(): RehearsalState {
    return { running: this.running !== null, url: this.running?.url ?? null, safeMode: this.running?.safeMode ?? false };
  }

  /** Starts it (a second start while it runs changes nothing but the mode, by restarting). */
  start(safeMode: boolean): Promise<RehearsalState> {
    this.starting ??= this.restart(safeMode).finally(() => (this.starting = null));
    return this.starting;
  }

  async stop(): Promise<RehearsalState> {
    // A start that failed left nothing running; its error was the starter's to report.
    await this.starting?.catch(() => undefined);
    if (this.running) {
      const sandbox = await this.sandbox();
      sandbox.pushTo(null);
      await this.running.close();
      this.running = null;
    }
    return this.state();
  }

  /**
   * A shopper's scan in the sandbox (`POST /sandbox/scan`): the sandbox pushes it to the rehearsal
   * server and tells what it answered — the verdict, or `no_code` for a scan without a code.
   */
  async scan(code: { keystandard: string; keystr: string; extinfo: string }): Promise<{ answer: ScanAnswer }> {
    if (!this.running) {
      throw new AppError('conflict', { en: 'Start the rehearsal server first: without it the sandbox has nowhere to push the scan.', 'zh-CN': '请先启动演练服务器:否则沙箱无处推送这次扫码。' });
    }
    const sandbox = await this.sandbox();
    const response = await fetch(`${sandbox.url}/sandbox/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(code) });
    const reply = (await response.json()) as { errcode?: number; push?: { status: number; codeResult?: string } };
    const product = `${code.keystandard}:${code.keystr}`;
    if (reply.errcode !== 0) {
      throw new AppError('not_found', { en: `The sandbox has no product ${product} (errcode ${reply.errcode}): scan one of its products.`, 'zh-CN': `沙箱中没有商品 ${product}(错误码 ${reply.errcode}):请扫描沙箱中已有的商品。` });
    }
    if (!reply.push || reply.push.status !== 200) {
      throw new AppError('internal', { en: `The rehearsal server did not answer the push (HTTP ${reply.push?.status ?? '—'}).`, 'zh-CN': `演练服务器未应答这次推送(HTTP ${reply.push?.status ?? '—'})。` });
    }
    return { answer: (reply.push.codeResult as ScanAnswer | undefined) ?? 'no_code' };
  }

  private async restart(safeMode: boolean): Promise<RehearsalState> {
    if (this.running?.safeMode === safeMode) return this.state();
    if (this.running) await this.stop();
    const sandbox = await this.sandbox();
    const token = randomAlphanumeric(32);
    const encodingAesKey = safeMode ? randomAlphanumeric(43) : undefined;
    this.redactor.add(token);
    if (encodingAesKey) this.redactor.add(encodingAesKey);
    const server = await startMessageServer(this.ledger, this.log, {
      token,
      safeMode: encodingAesKey ? { encodingAesKey, appId: sandbox.appId } : undefined,
      host: '127.0.0.1',
    });
    sandbox.pushTo({ url: server.url, token, encodingAesKey, appId: sandbox.appId });
    this.running = { url: server.url, safeMode, close: server.close };
    return this.state();
  }
}
