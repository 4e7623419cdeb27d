import type { Redactor } from '../log/redactor';

/** Supplies access tokens: cached until shortly before expiry, one refresh at a time. */
export interface TokenSource {
  token(): Promise<string>;
  /** Called when WeChat said the token is bad; the next token() fetches a fresh one. */
  invalidate(token: string): void;
  /** Whether invalidate() can lead to a different token (a fixed token cannot). */
  readonly refreshable: boolean;
}

export interface FreshToken {
  token: string;
  expiresInS: number;
}

/** Refresh this long before expiry (a fifth of the lifetime at most, so 300 s tokens still cache). */
const MAX_MARGIN_MS = 5 * 60_000;

export class CachedTokenSource implements TokenSource {
  readonly refreshable = true;
  private cached: { token: string; refreshAtMs: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly fetchFresh: () => Promise<FreshToken>,
    private readonly redactor: Redactor,
    private readonly nowMs: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    if (this.cached && this.nowMs() < this.cached.refreshAtMs) return Promise.resolve(this.cached.token);
    // Single flight: every caller waiting for a refresh shares the one request.
    this.inflight ??= this.fetchFresh()
      .then(({ token, expiresInS }) => {
        this.redactor.add(token);
        const lifetimeMs = Math.max(1, expiresInS) * 1000;
        this.cached = { token, refreshAtMs: this.nowMs() + lifetimeMs - Math.min(MAX_MARGIN_MS, lifetimeMs / 5) };
        return token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }
}

/** A token handed to us (a third-party platform's authorizer_access_token): used as is. */
export class FixedTokenSource implements TokenSource {
  readonly refreshable = false;
  constructor(private readonly value: string) {}
  token(): Promise<string> {
    return Promise.resolve(this.value);
  }
  invalidate(): void {}
}
