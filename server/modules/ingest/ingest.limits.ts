/**
 * Token buckets per write key, in this process: each key earns `ratePerSecond` tokens a second up
 * to `burst`, and an event costs one. Kept in memory, so the limit is per process: an operator
 * running several web processes divides the rate by their number.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes `cost` tokens and returns 0, or leaves the bucket alone and returns the ms to wait for them. */
  take(key: string, cost: number, now: number): number {
    if (this.ratePerSecond === 0) return 0;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    // A request bigger than the whole burst is let through when the bucket is full, or it could never pass.
    const need = Math.min(cost, this.burst);
    if (bucket.tokens >= need) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.ceil(((need - bucket.tokens) / this.ratePerSecond) * 1000);
  }
}
