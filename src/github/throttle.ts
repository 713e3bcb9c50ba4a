// Client-side primary rate limit (--github-hourly-tokens, --github-allowed-burst): a token bucket that refills
// at hourly/3600 tokens per second up to `burst`. Callers over budget queue in order (the balance goes negative
// and each waits for its share of the refill).
import { systemClock } from '../clock.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(hourlyTokens: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    if (hourlyTokens <= 0 || burst <= 0) throw new Error('--github-hourly-tokens and --github-allowed-burst must both be positive');
    if (burst > hourlyTokens) throw new Error('--github-allowed-burst must not exceed --github-hourly-tokens');
    this.perMs = hourlyTokens / 3_600_000;
    this.tokens = burst;
    this.last = now();
  }

  /** Spends one token, waiting when the bucket is empty. */
  async acquire(): Promise<void> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await systemClock.sleep(Math.ceil(-this.tokens / this.perMs));
  }

  /** Gives a token back (a request that GitHub did not charge for, such as a 304). */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
  }
}
