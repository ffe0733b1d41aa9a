import { Budget, type ThrottleStatus } from "./budget";
import type { SharedBudget } from "./shared-budget.server";
import {
  AccessDeniedError,
  AdminApiError,
  AdminApiUnavailableError,
  EffectUnknownError,
  ShopUnavailableError,
  type ShopUnavailableReason,
} from "./errors";

export type GraphqlResponse = {
  data?: unknown;
  errors?: {
    networkStatusCode?: number;
    message?: string;
    graphQLErrors?: { message: string; extensions?: { code?: string } }[];
    response?: Response;
  };
  extensions?: {
    cost?: {
      requestedQueryCost?: number;
      actualQueryCost?: number | null;
      throttleStatus?: ThrottleStatus;
    };
  };
};

/** How a request reaches Shopify: @shopify/admin-api-client's request() in the app. */
export type Transport = (
  query: string,
  options: { variables?: Record<string, unknown>; signal: AbortSignal },
) => Promise<GraphqlResponse>;

export type ExecutorOptions = {
  /** The most requests in flight at once for this shop (the bound; fewer are used when they suffice). */
  maxInFlight?: number;
  timeoutMs?: number;
  /** Attempts on 5xx/network errors (throttling waits don't count). */
  maxAttempts?: number;
  maxThrottledWaits?: number;
  baseBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The shop's budget as every worker process sees it (Redis), when several serve one shop. */
  shared?: SharedBudget | null;
};

type Outcome =
  | { kind: "ok"; data: unknown; cost: number }
  | { kind: "throttled"; retryAfterMs: number | null }
  | { kind: "unavailable"; reason: string; retryAfterMs: number | null; sent: boolean }
  | { kind: "refused"; error: AdminApiError }
  /** 401: the token was refused; the transport reads the session again before the next try. */
  | { kind: "unauthorized"; message: string };

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What callers use: the executor's calls, optionally bound to a stop signal. */
export type ShopApi = {
  readonly maxInFlight: number;
  /** Calls worth having in flight now (what the budget and latency allow). */
  inFlightLimit(): number;
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  mutate<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
};

/** Thrown when a wait (pacing, backoff) is cut short by the caller's signal; nothing was sent. */
export class StoppedError extends Error {
  constructor() {
    super("Stopped before the request was sent");
    this.name = "StoppedError";
  }
}

function retryAfterMs(response: Response | undefined): number | null {
  const header = response?.headers.get("Retry-After");
  if (!header) return null;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

// A fetch that failed before the request left (refused connection, DNS) cannot have had an effect.
function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

/**
 * Runs a shop's Admin API calls at the pace its rate limit allows: learns the
 * bucket from every response, waits until a request fits rather than being
 * throttled, keeps a bounded number in flight, retries throttling, 5xx and
 * network failures with backoff (Retry-After honoured), and never re-sends a
 * mutation whose effect is unknown.
 */
export class AdminExecutor {
  readonly budget: Budget;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly costs = new Map<string, number>();
  private readonly options: Required<ExecutorOptions>;
  stats = { requests: 0, throttled: 0, retries: 0, pointsSpent: 0 };
  // Moving averages: how long Shopify takes to answer, and what a request costs.
  private latencyMs = 0;
  private averageCost = 10;

  constructor(
    readonly shop: string,
    private readonly transport: Transport,
    options: ExecutorOptions = {},
  ) {
    this.options = {
      maxInFlight: 4,
      timeoutMs: Number(process.env.PATRON_API_TIMEOUT_MS ?? 30_000),
      maxAttempts: 5,
      maxThrottledWaits: 50,
      baseBackoffMs: 500,
      now: Date.now,
      sleep: sleepReal,
      random: Math.random,
      shared: null,
      ...options,
    };
    this.budget = new Budget(this.options.now);
  }

  get maxInFlight() {
    return this.options.maxInFlight;
  }

  /** Requests in flight or waiting for a slot. */
  get busy() {
    return this.inFlight > 0 || this.waiting.length > 0;
  }

  query<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    return this.run<T>(query, variables, false, signal);
  }

  /** A mutation: on an unknown outcome it throws EffectUnknownError instead of re-sending. */
  mutate<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    return this.run<T>(query, variables, true, signal);
  }

  /**
   * The same calls, whose waits end (StoppedError) when `signal` aborts: a
   * stopping worker does not sit out a throttle. A request already sent is
   * never abandoned, so its effect is always known.
   */
  bind(signal: AbortSignal): ShopApi {
    return {
      maxInFlight: this.maxInFlight,
      inFlightLimit: () => this.inFlightLimit(),
      query: (query, variables) => this.query(query, variables, signal),
      mutate: (query, variables) => this.mutate(query, variables, signal),
    };
  }

  private wait(ms: number, signal: AbortSignal | undefined) {
    if (!signal) return this.options.sleep(ms);
    if (signal.aborted) return Promise.reject(new StoppedError());
    return new Promise<void>((resolve, reject) => {
      const stop = () => reject(new StoppedError());
      signal.addEventListener("abort", stop, { once: true });
      this.options.sleep(ms).then(() => {
        signal.removeEventListener("abort", stop);
        resolve();
      }, reject);
    });
  }

  private async run<T>(
    query: string,
    variables: Record<string, unknown> | undefined,
    mutation: boolean,
    signal?: AbortSignal,
  ) {
    let failures = 0;
    let throttled = 0;
    let unauthorized = 0;
    for (;;) {
      const cost = this.costs.get(query) ?? (mutation ? 10 : 50);
      const outcome = await this.attempt(query, variables, cost, signal);
      if (outcome.kind === "ok") return outcome.data as T;
      if (outcome.kind === "refused") throw outcome.error;
      if (outcome.kind === "unauthorized") {
        // Once with a token read again (an expired one is refreshed); twice is a revoked access.
        if (++unauthorized > 1) throw new ShopUnavailableError("revoked", outcome.message, 401);
        continue;
      }
      if (outcome.kind === "throttled") {
        this.stats.throttled++;
        if (++throttled > this.options.maxThrottledWaits) {
          throw new AdminApiUnavailableError(
            "Shopify kept throttling the request",
            429,
            "THROTTLED",
          );
        }
        await this.wait(
          outcome.retryAfterMs ?? this.jitter(this.budget.waitFor(cost) || 1000),
          signal,
        );
        continue;
      }
      if (mutation && outcome.sent) throw new EffectUnknownError(outcome.reason);
      if (++failures >= this.options.maxAttempts) {
        throw new AdminApiUnavailableError(`Shopify is unavailable: ${outcome.reason}`);
      }
      this.stats.retries++;
      const backoff = this.options.baseBackoffMs * 2 ** (failures - 1);
      await this.wait(Math.max(outcome.retryAfterMs ?? 0, this.jitter(backoff)), signal);
    }
  }

  private jitter(ms: number) {
    return Math.round(ms * (0.8 + 0.4 * this.options.random()));
  }

  /**
   * Requests allowed in flight now: all of maxInFlight while the bucket can
   * pay for them at once, else what keeps the restore rate busy given the
   * latency (rate × latency, with headroom): 2–4 on a standard plan, 20+
   * on Plus. More would only wait on the budget.
   */
  inFlightLimit(): number {
    const cap = this.options.maxInFlight;
    const rate = this.budget.restoreRate;
    if (!rate || !this.latencyMs) return Math.min(cap, 4);
    if ((this.budget.available() ?? 0) > this.averageCost * cap) return cap;
    const busy = (rate / this.averageCost) * (this.latencyMs / 1000);
    return Math.max(2, Math.min(cap, Math.ceil(busy * 1.5) + 1));
  }

  private async slot() {
    while (this.inFlight >= this.inFlightLimit()) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
  }

  private freeSlot() {
    this.inFlight--;
    for (let free = this.inFlightLimit() - this.inFlight; free > 0 && this.waiting.length; free--) {
      this.waiting.shift()!();
    }
  }

  private async attempt(
    query: string,
    variables: Record<string, unknown> | undefined,
    cost: number,
    signal: AbortSignal | undefined,
  ) {
    await this.slot();
    try {
      for (let wait = this.budget.waitFor(cost); wait > 0; wait = this.budget.waitFor(cost)) {
        await this.wait(wait, signal);
      }
      const shared = await this.takeShared(cost, signal);
      this.budget.reserve(cost);
      try {
        return await this.send(query, variables, shared?.stamp);
      } finally {
        this.budget.release(cost);
        await shared?.release().catch(() => undefined);
      }
    } finally {
      this.freeSlot();
    }
  }

  /**
   * Waits until the shop's shared budget (other processes' calls included)
   * can pay; null when there is none, or Redis cannot be reached (this
   * process's own view of the budget goes on alone, and says so once a minute).
   */
  private async takeShared(cost: number, signal: AbortSignal | undefined) {
    const shared = this.options.shared;
    if (!shared) return null;
    for (;;) {
      const taken = await shared.take(cost).catch((error: Error) => {
        const now = this.options.now();
        if (now - this.sharedWarnedAt > 60_000) {
          this.sharedWarnedAt = now;
          console.warn(`shared API budget of ${this.shop} unavailable: ${error.message}`);
        }
        return null;
      });
      if (!taken || taken.waitMs === 0) return taken;
      await this.wait(this.jitter(taken.waitMs), signal);
    }
  }

  private sharedWarnedAt = Number.NEGATIVE_INFINITY;

  private async send(
    query: string,
    variables: Record<string, unknown> | undefined,
    sharedStamp?: number,
  ): Promise<Outcome> {
    this.stats.requests++;
    const sentAt = this.options.now();
    let response: GraphqlResponse;
    try {
      response = await this.transport(query, {
        variables,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === "TimeoutError" ? "timeout" : (error as Error).message;
      return { kind: "unavailable", reason, retryAfterMs: null, sent: !neverSent(error) };
    }
    const elapsed = this.options.now() - sentAt;
    this.latencyMs = this.latencyMs ? this.latencyMs * 0.9 + elapsed * 0.1 : elapsed;
    const cost = response.extensions?.cost;
    if (cost?.throttleStatus) {
      this.budget.observe(cost.throttleStatus);
      if (sharedStamp !== undefined)
        await this.options.shared?.observe(cost.throttleStatus, sharedStamp).catch(() => undefined);
    }
    if (cost?.requestedQueryCost) {
      this.costs.set(query, cost.requestedQueryCost);
      this.averageCost = this.averageCost * 0.9 + cost.requestedQueryCost * 0.1;
    }
    const errors = response.errors;
    if (!errors) {
      this.stats.pointsSpent += cost?.actualQueryCost ?? 0;
      return { kind: "ok", data: response.data, cost: cost?.actualQueryCost ?? 0 };
    }
    const status = errors.networkStatusCode ?? errors.response?.status ?? null;
    const codes = errors.graphQLErrors?.map((e) => e.extensions?.code) ?? [];
    const message =
      errors.graphQLErrors?.map((e) => e.message).join("; ") || errors.message || `HTTP ${status}`;
    if (codes.includes("THROTTLED") || status === 429) {
      this.budget.observeThrottled(cost?.throttleStatus ?? null);
      if (!cost?.throttleStatus)
        await this.options.shared?.observeThrottled().catch(() => undefined);
      return { kind: "throttled", retryAfterMs: retryAfterMs(errors.response) };
    }
    if (status === 401) return { kind: "unauthorized", message };
    const unavailable = shopUnavailable(status, codes);
    if (unavailable)
      return { kind: "refused", error: new ShopUnavailableError(unavailable, message, status) };
    if (codes.includes("ACCESS_DENIED"))
      return { kind: "refused", error: new AccessDeniedError(message, status, "ACCESS_DENIED") };
    // Shopify's own failure, answered with HTTP 200: whether a mutation ran is unknown.
    if (codes.includes("INTERNAL_SERVER_ERROR")) {
      return { kind: "unavailable", reason: message, retryAfterMs: null, sent: true };
    }
    if (status === null || status >= 500) {
      const reason = status ? `HTTP ${status}` : (errors.message ?? "network error");
      return {
        kind: "unavailable",
        reason,
        retryAfterMs: retryAfterMs(errors.response),
        sent: true,
      };
    }
    return { kind: "refused", error: new AdminApiError(message, status, codes[0] ?? null) };
  }
}

/** Answers that mean Shopify serves nothing for this shop now; nothing ran. */
function shopUnavailable(
  status: number | null,
  codes: (string | undefined)[],
): ShopUnavailableReason | null {
  if (status === 402) return "frozen";
  if (status === 423) return "locked";
  if (codes.includes("SHOP_INACTIVE")) return "inactive";
  return null;
}
