import { fail } from './sandboxError';

export interface FaultSettings {
  /** Added to every answer. */
  latencyMs: number;
  /** errcode → probability (0–1) that an API call is answered with it. */
  failRates: Record<number, number>;
  /** API calls allowed before 45009 (daily quota); null for no limit. */
  quotaCalls: number | null;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, failRates: {}, quotaCalls: null };

/** A small seeded PRNG (mulberry32), so a fault run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLEAR_QUOTA_PER_MONTH = 10;

/** Injected faults and the API quota: consulted before every API call. */
export class SandboxFaults {
  callsCounted = 0;
  private quotaClears = 0;

  constructor(
    public settings: FaultSettings,
    private readonly random: () => number,
  ) {}

  /** Counts the call against the quota and throws an injected error if one is drawn. */
  beforeApiCall(): void {
    if (this.settings.quotaCalls !== null && this.callsCounted >= this.settings.quotaCalls) fail(45009, 'reach max api daily quota limit');
    this.callsCounted++;
    for (const [errcode, rate] of Object.entries(this.settings.failRates)) {
      if (this.random() < rate) fail(Number(errcode), `injected fault ${errcode}`);
    }
  }

  clearQuota(): void {
    if (this.quotaClears >= CLEAR_QUOTA_PER_MONTH) fail(48006, 'forbid to clear quota because of reaching the limit');
    this.quotaClears++;
    this.callsCounted = 0;
  }
}

/** Parses `CODE:RATE` (e.g. `-1:0.03`) as given to `qrpack sandbox --fail`. */
export function parseFailRate(text: string): [number, number] {
  const match = /^(-?\d+):(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(text.trim());
  if (!match) throw new Error(`--fail takes CODE:RATE with RATE from 0 to 1, e.g. -1:0.03 (got "${text}")`);
  return [Number(match[1]), Number(match[2])];
}
