/** Spaces calls evenly at `ratePerS`; each take() reserves the next slot. */
export class RateLimiter {
  private nextAtMs = 0;
  private readonly intervalMs: number;

  constructor(ratePerS: number | undefined) {
    this.intervalMs = ratePerS && ratePerS > 0 ? 1000 / ratePerS : 0;
  }

  async take(): Promise<void> {
    if (!this.intervalMs) return;
    const now = performance.now();
    const at = Math.max(now, this.nextAtMs);
    this.nextAtMs = at + this.intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
