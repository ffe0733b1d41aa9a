/**
 * The simulator's notion of "now". Everything time-based (throttle restore,
 * discount status, token expiry, createdAt stamps) reads this clock, so tests
 * can freeze it or jump forward without sleeping.
 */
export interface Clock {
  now(): number;
}

export class SimClock implements Clock {
  private frozenAt: number | null = null;
  private offsetMs = 0;

  constructor(start?: number) {
    if (start !== undefined) this.frozenAt = start;
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Stops time at `at` (default: the current simulated time). */
  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  /** Lets time run again from the current simulated time. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }
}
