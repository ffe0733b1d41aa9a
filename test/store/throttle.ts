/**
 * Shopify's leaky bucket for the GraphQL Admin API, per app and shop.
 * Restore rates are the published ones; bucket sizes are not published
 * (observed: 20000 on Plus with restore 1000), so they are 20 s of restore
 * by default and configurable.
 */
import type { Clock } from "./clock";
import type { Plan } from "./model";

export const PLAN_LIMITS: Readonly<Record<Plan, { restoreRate: number; bucketSize: number }>> = {
  STANDARD: { restoreRate: 100, bucketSize: 2000 },
  ADVANCED: { restoreRate: 200, bucketSize: 4000 },
  PLUS: { restoreRate: 1000, bucketSize: 20000 },
  ENTERPRISE: { restoreRate: 2000, bucketSize: 40000 },
};

/** "A single query may not exceed a cost of 1,000 points, regardless of plan limits." */
export const MAX_SINGLE_QUERY_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    private maximum: number,
    private restoreRate: number,
    private readonly clock: Clock,
  ) {
    this.available = maximum;
    this.updatedAt = clock.now();
  }

  /** Changing plan keeps the points already available (capped to the new size). */
  configure(maximum: number, restoreRate: number): void {
    this.restore();
    this.maximum = maximum;
    this.restoreRate = restoreRate;
    this.available = Math.min(this.available, maximum);
  }

  private restore(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximum, this.available + elapsed * this.restoreRate);
    this.updatedAt = now;
  }

  /** Takes `cost` points if available; false means THROTTLED. */
  tryTake(cost: number): boolean {
    this.restore();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.restore();
    this.available = Math.min(this.maximum, this.available + Math.max(0, points));
  }

  /** Empties the bucket (used by THROTTLED storms). */
  drain(): void {
    this.restore();
    this.available = 0;
  }

  status(): ThrottleStatus {
    this.restore();
    return {
      maximumAvailable: this.maximum,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
