import type { Redactor } from '../log/redactor';
import { CardApi } from './cardApi';
import { QrJumpApi } from './qrJumpApi';
import { ScanApi } from './scanApi';
import { FixedTokenSource } from './tokenSource';
import { createTokenSource, type TokenSpec } from './tokenSources';
import { WechatHttp, type RetryPolicy } from './wechatHttp';

export interface WechatClientOptions {
  apiBase: string;
  token: TokenSpec;
  redactor: Redactor;
  /** AppID, for clear_quota (absent for token-service and authorizer accounts, which pass it in). */
  appId?: string;
  showQrcodeBase?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

/** One account's view of WeChat: the three API families over one token source. */
export class WechatClient {
  readonly http: WechatHttp;
  readonly scan: ScanApi;
  readonly card: CardApi;
  readonly qrJump: QrJumpApi;

  constructor(private readonly options: WechatClientOptions) {
    const common = { apiBase: options.apiBase, redactor: options.redactor, timeoutMs: options.timeoutMs, retry: options.retry, sleep: options.sleep };
    // The token endpoints need no token: a client of their own breaks the circle.
    const tokenHttp = new WechatHttp({ ...common, tokens: new FixedTokenSource('') });
    this.http = new WechatHttp({ ...common, tokens: createTokenSource(options.token, tokenHttp, options.redactor) });
    this.scan = new ScanApi(this.http);
    this.card = new CardApi(this.http, options.showQrcodeBase);
    this.qrJump = new QrJumpApi(this.http);
  }

  /** Resets the account's API quotas (10 times a month; 48006 when used up). */
  async clearQuota(appId = this.options.appId): Promise<void> {
    await this.http.post('/cgi-bin/clear_quota', { appid: appId });
  }
}
