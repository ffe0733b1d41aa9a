// Shopify's GraphQL rate limit is a leaky bucket per app and shop. Every
// response reports it (extensions.cost.throttleStatus); this keeps an estimate
// between responses, so requests are sent when the bucket can pay for them
// instead of being refused (THROTTLED) and retried.

export type ThrottleStatus = {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
};

export class Budget {
  private known: (ThrottleStatus & { at: number }) | null = null;
  private reserved = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** What the last response said, restored for the time since. */
  available(): number | null {
    if (!this.known) return null;
    const restored = (this.known.restoreRate * (this.now() - this.known.at)) / 1000;
    return (
      Math.min(this.known.maximumAvailable, this.known.currentlyAvailable + restored) -
      this.reserved
    );
  }

  get restoreRate(): number | null {
    return this.known?.restoreRate ?? null;
  }

  get maximum(): number | null {
    return this.known?.maximumAvailable ?? null;
  }

  /** Milliseconds to wait before a request of this cost fits (0: send now). */
  waitFor(cost: number): number {
    const available = this.available();
    if (available === null || !this.known) return 0;
    // A request can never cost more than the bucket holds: send it when the bucket is full.
    const needed = Math.min(cost, this.known.maximumAvailable) - available;
    return needed <= 0 ? 0 : Math.ceil((needed / this.known.restoreRate) * 1000);
  }

  reserve(cost: number) {
    this.reserved += cost;
  }

  release(cost: number) {
    this.reserved = Math.max(0, this.reserved - cost);
  }

  /** The authoritative figure from a response; it already counts the requests it answered. */
  observe(status: ThrottleStatus) {
    this.known = { ...status, at: this.now() };
  }

  /** THROTTLED: the bucket is (nearly) empty whatever the estimate said. */
  observeThrottled(status: ThrottleStatus | null) {
    if (status) this.observe(status);
    else if (this.known) this.known = { ...this.known, currentlyAvailable: 0, at: this.now() };
  }
}
