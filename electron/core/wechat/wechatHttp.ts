import type { Redactor } from '../log/redactor';
import { errcodeInfo, NETWORK_ERRCODE } from './errorTable';
import { sendJson, type TransportReply } from './jsonTransport';
import type { TokenSource } from './tokenSource';
import { markNotSent, wasNotSent, WechatError } from './wechatError';

export const DEFAULT_API_BASE = 'https://api.weixin.qq.com';

export interface RetryPolicy {
  /** Retries after the first attempt, for busy / rate-limit / network errors. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Socket errors raised before a connection exists (refused, no route, no such host). */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 8000 };

export interface WechatHttpOptions {
  apiBase: string;
  tokens: TokenSource;
  redactor: Redactor;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** For tests of backoff: replaces setTimeout-based sleeping. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface WechatReply {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls WeChat: JSON over HTTPS with `?access_token=`, a timeout per call, one token refresh on
 * 40001/40014/42001, bounded exponential backoff with full jitter on -1/45011/network errors, and
 * every other errcode thrown at once as a WechatError. No token or secret ever leaves in an error.
 */
export class WechatHttp {
  readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: WechatHttpOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** POST a JSON body to an API path with the access token; resolves to the reply when errcode is 0. */
  async post<T extends WechatReply = WechatReply>(path: string, body: unknown): Promise<T> {
    let refreshed = false;
    // Whether any attempt may have reached WeChat: a call none of whose attempts left is marked not sent.
    let reached = false;
    const startedMs = performance.now();
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.options.tokens.token();
      } catch (error) {
        throw reached ? error : markNotSent(error);
      }
      const reply = await this.send(path, body, token).then(
        (answer) => ((reached = true), answer),
        (error: unknown) => {
          if (!wasNotSent(error)) reached = true;
          if (error instanceof WechatError) return { errcode: error.errcode, errmsg: error.errmsg } as WechatReply;
          throw error;
        },
      );
      const errcode = reply.errcode ?? 0;
      if (errcode === 0) return reply as T;
      const { category } = errcodeInfo(errcode);
      if (category === 'refreshToken' && !refreshed && this.options.tokens.refreshable) {
        this.options.tokens.invalidate(token);
        refreshed = true;
        attempt--;
        continue;
      }
      if (category === 'retry' && attempt < this.retry.maxRetries) {
        await this.sleep(this.backoffMs(attempt));
        continue;
      }
      const gaveUp = category === 'retry' ? { tries: attempt + 1, overMs: performance.now() - startedMs } : undefined;
      const error = new WechatError(errcode, this.options.redactor.redact(String(reply.errmsg ?? '')), path, gaveUp);
      throw reached ? error : markNotSent(error);
    }
  }

  /** A call with no access token (the token endpoints themselves). */
  async request(path: string, init: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown }): Promise<WechatReply> {
    const startedMs = performance.now();
    for (let attempt = 0; ; attempt++) {
      let reply: WechatReply;
      try {
        reply = await this.fetchJson(path, init.method, init.query ?? {}, init.body);
      } catch (error) {
        if (!(error instanceof WechatError)) throw error;
        if (attempt >= this.retry.maxRetries) {
          const gaveUp = new WechatError(error.errcode, error.errmsg, path, { tries: attempt + 1, overMs: performance.now() - startedMs });
          throw wasNotSent(error) ? markNotSent(gaveUp) : gaveUp;
        }
        await this.sleep(this.backoffMs(attempt));
        continue;
      }
      const errcode = reply.errcode ?? 0;
      const retry = errcode !== 0 && errcodeInfo(errcode).category === 'retry';
      if (retry && attempt < this.retry.maxRetries) {
        await this.sleep(this.backoffMs(attempt));
        continue;
      }
      if (errcode !== 0) throw new WechatError(errcode, this.options.redactor.redact(String(reply.errmsg ?? '')), path, retry ? { tries: attempt + 1, overMs: performance.now() - startedMs } : undefined);
      return reply;
    }
  }

  /** Full jitter: a random delay up to the exponential bound, so many clients do not retry in step. */
  backoffMs(attempt: number): number {
    const bound = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.round(this.random() * bound);
  }

  private send(path: string, body: unknown, token: string): Promise<WechatReply> {
    return this.fetchJson(path, 'POST', { access_token: token }, body);
  }

  private async fetchJson(path: string, method: 'GET' | 'POST', query: Record<string, string>, body: unknown): Promise<WechatReply> {
    const url = new URL(this.apiBase + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let reply: TransportReply;
    try {
      reply = await sendJson(url, method, body === undefined ? undefined : JSON.stringify(body), this.timeoutMs);
    } catch (error) {
      const failure = new WechatError(NETWORK_ERRCODE, this.options.redactor.redact(String((error as Error)?.message ?? error)), path);
      // The connection was never made: no byte of the request reached anyone.
      throw NEVER_CONNECTED.has(String((error as NodeJS.ErrnoException)?.code)) ? markNotSent(failure) : failure;
    }
    if (reply.status < 200 || reply.status >= 300) {
      throw new WechatError(reply.status >= 500 ? NETWORK_ERRCODE : -3, `HTTP ${reply.status}`, path);
    }
    try {
      return JSON.parse(reply.text) as WechatReply;
    } catch {
      throw new WechatError(NETWORK_ERRCODE, `not JSON: ${this.options.redactor.redact(reply.text.slice(0, 120))}`, path);
    }
  }
}
