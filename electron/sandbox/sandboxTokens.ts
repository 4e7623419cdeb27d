import { randomBytes } from 'node:crypto';
import { fail } from './sandboxError';

interface TokenRecord {
  kind: 'classic' | 'stable';
  expiresAtMs: number;
  /** Set when a newer classic token replaced it: valid until then (the overlap), not at that moment. */
  invalidAfterMs?: number;
}

export interface TokenRules {
  ttlS: number;
  /** How long a replaced classic token keeps working. */
  classicOverlapS: number;
}

const STABLE_FORCE_GAP_MS = 30_000;
const STABLE_FORCE_PER_DAY = 20;

/** Access tokens as WeChat hands them out: classic ones knock out the previous, stable ones do not. */
export class SandboxTokens {
  private readonly tokens = new Map<string, TokenRecord>();
  private currentStable: string | undefined;
  private lastForceMs = 0;
  private forcesToday = 0;
  /** How many tokens were handed out, by kind (tests count refreshes with this). */
  readonly issued = { classic: 0, stable: 0 };

  constructor(
    private readonly appId: string,
    private readonly secret: string,
    public rules: TokenRules,
    private readonly nowMs: () => number = Date.now,
  ) {}

  classic(appId: string, secret: string): { access_token: string; expires_in: number } {
    this.checkCredentials(appId, secret);
    const now = this.nowMs();
    for (const record of this.tokens.values()) {
      if (record.kind === 'classic' && record.invalidAfterMs === undefined) record.invalidAfterMs = now + this.rules.classicOverlapS * 1000;
    }
    this.issued.classic++;
    return { access_token: this.mint('classic'), expires_in: this.rules.ttlS };
  }

  stable(appId: string, secret: string, forceRefresh: boolean): { access_token: string; expires_in: number } {
    this.checkCredentials(appId, secret);
    const now = this.nowMs();
    if (forceRefresh) {
      if (now - this.lastForceMs < STABLE_FORCE_GAP_MS) fail(45011, 'force_refresh at most every 30 seconds');
      if (this.forcesToday >= STABLE_FORCE_PER_DAY) fail(45009, 'force_refresh at most 20 times a day');
      this.lastForceMs = now;
      this.forcesToday++;
      if (this.currentStable) this.tokens.delete(this.currentStable);
      this.currentStable = undefined;
    }
    const current = this.currentStable ? this.tokens.get(this.currentStable) : undefined;
    if (this.currentStable && current && current.expiresAtMs > now) {
      return { access_token: this.currentStable, expires_in: Math.floor((current.expiresAtMs - now) / 1000) };
    }
    this.issued.stable++;
    this.currentStable = this.mint('stable');
    return { access_token: this.currentStable, expires_in: this.rules.ttlS };
  }

  /** Throws WeChat's errcode for a token that cannot be used. */
  check(token: string | null): void {
    if (!token) fail(41001, 'access_token missing');
    const record = this.tokens.get(token!);
    if (!record) fail(40001, 'invalid credential, access_token is invalid or not latest');
    const now = this.nowMs();
    if (record!.invalidAfterMs !== undefined && now >= record!.invalidAfterMs) fail(40001, 'invalid credential, access_token is invalid or not latest');
    if (now >= record!.expiresAtMs) fail(42001, 'access_token expired');
  }

  /** Every token stops working now (fault injection). */
  invalidateAll(): void {
    this.tokens.clear();
    this.currentStable = undefined;
  }

  private checkCredentials(appId: string, secret: string): void {
    if (appId !== this.appId) fail(40013, 'invalid appid');
    if (secret !== this.secret) fail(40125, 'invalid appsecret');
  }

  private mint(kind: TokenRecord['kind']): string {
    // Real tokens are long opaque strings (store ≥512 chars); ours are shorter but as opaque.
    const token = `${kind === 'stable' ? 'S' : 'C'}_${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { kind, expiresAtMs: this.nowMs() + this.rules.ttlS * 1000 });
    return token;
  }
}
