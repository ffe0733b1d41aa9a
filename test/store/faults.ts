/**
 * Faults on demand, per shop, decided BEFORE a request executes so a 5xx or
 * timeout means the mutation did not run. The "lost" fault is the opposite
 * case the app must reconcile: the request ran, then the response was lost;
 * so is "internal_after" (ran, then Shopify's INTERNAL_SERVER_ERROR).
 * "late" holds the request lateMs, then runs it: a client that gave up
 * earlier does not know it ran, and reading the state too soon says it did not.
 * "revoke" revokes the shop's access tokens at that request (401 from then on,
 * until a token exchange). Decisions come from a seeded PRNG, so a run is
 * reproducible for a given request order; `script` gives exact faults to the
 * next requests. Shop states (frozen, locked, inactive) are not faults: see
 * shop-status.ts.
 */
import type { Clock } from "./clock";
import { Random } from "./random";

export type FaultKind =
  | "none"
  | "error"
  | "timeout"
  | "lost"
  | "throttle"
  | "internal"
  | "internal_after"
  | "late"
  | "revoke";

export interface FaultConfig {
  seed: number;
  /** Share of GraphQL requests answered 502/503 without running. */
  errorRate: number;
  /** Share of requests that time out without running. */
  timeoutRate: number;
  /** How long a timeout holds the request; null = never answer (until the client aborts). */
  timeoutMs: number | null;
  /** Share of requests that run but whose response is lost. */
  lostResponseRate: number;
  /** How the lost response looks: a 5xx, or a hang like timeoutMs. */
  lostResponseMode: "5xx" | "timeout";
  /** Share answered GraphQL INTERNAL_SERVER_ERROR (HTTP 200) without running. */
  internalErrorRate: number;
  /** Share that run, then are answered INTERNAL_SERVER_ERROR (the client can't tell they ran). */
  internalErrorAfterRate: number;
  /** THROTTLED for every request until this simulated time (epoch ms). */
  throttleUntil: number | null;
  /** How long a "late" request waits before it runs. */
  lateMs: number;
  /** Which requests the rates apply to. */
  appliesTo: "all" | "queries" | "mutations";
  /** Exact faults for the next requests, consumed in order (before the rates). */
  script: FaultKind[];
  /** Share of webhook deliveries sent twice (same webhook and event id). */
  webhookDuplicateRate: number;
  /** Up to this many ms of random delay per delivery, so deliveries arrive out of order. */
  webhookMaxDelayMs: number;
  /** Bulk operations FAIL (INTERNAL_SERVER_ERROR) after this many result lines, keeping them as partial data; null = never. */
  bulkFailAfterLines: number | null;
  /**
   * customerSendAccountInviteEmail refuses (userError) once this many
   * invitation emails went out in the last 24 hours of the simulator's clock;
   * null = no limit. Merchants report Shopify refusing invitations after many
   * (see INVITE_LIMIT_MESSAGE in resolvers/customer-mutations.ts).
   */
  inviteLimitPerDay: number | null;
}

export type FaultDecision =
  | { kind: "none" }
  | { kind: "error"; status: 502 | 503 }
  | { kind: "timeout"; holdMs: number | null }
  | { kind: "lost"; status: 502 | 503; holdMs: number | null; mode: "5xx" | "timeout" }
  | { kind: "throttle" }
  | { kind: "internal"; ran: boolean }
  | { kind: "late"; holdMs: number }
  | { kind: "revoke" };

export const NO_FAULTS: FaultConfig = {
  seed: 1,
  errorRate: 0,
  timeoutRate: 0,
  timeoutMs: 30_000,
  lostResponseRate: 0,
  lostResponseMode: "5xx",
  internalErrorRate: 0,
  internalErrorAfterRate: 0,
  throttleUntil: null,
  lateMs: 3_000,
  appliesTo: "all",
  script: [],
  webhookDuplicateRate: 0,
  webhookMaxDelayMs: 0,
  bulkFailAfterLines: null,
  inviteLimitPerDay: null,
};

/** Input accepted by setFaults: any subset, plus `throttleForMs` relative to now. */
export type FaultUpdate = Partial<FaultConfig> & { throttleForMs?: number };

export class Faults {
  private config: FaultConfig = { ...NO_FAULTS, script: [] };
  private random = new Random(NO_FAULTS.seed);

  constructor(private readonly clock: Clock) {}

  get current(): FaultConfig {
    return { ...this.config, script: [...this.config.script] };
  }

  configure(update: FaultUpdate): void {
    const { throttleForMs, ...rest } = update;
    this.config = { ...this.config, ...rest, script: [...(rest.script ?? this.config.script)] };
    if (throttleForMs !== undefined) this.config.throttleUntil = this.clock.now() + throttleForMs;
    if (rest.seed !== undefined) this.random = new Random(rest.seed);
  }

  reset(): void {
    this.config = { ...NO_FAULTS, script: [] };
    this.random = new Random(NO_FAULTS.seed);
  }

  /** Decides the fate of one GraphQL request before it runs. */
  decide(isMutation: boolean): FaultDecision {
    const c = this.config;
    const scripted = c.script.shift();
    if (scripted) return this.materialize(scripted);
    if (c.throttleUntil !== null && this.clock.now() < c.throttleUntil) return { kind: "throttle" };
    if (c.appliesTo === "queries" && isMutation) return { kind: "none" };
    if (c.appliesTo === "mutations" && !isMutation) return { kind: "none" };
    let roll = this.random.next();
    const rates: [FaultKind, number][] = [
      ["error", c.errorRate],
      ["timeout", c.timeoutRate],
      ["lost", c.lostResponseRate],
      ["internal", c.internalErrorRate],
      ["internal_after", c.internalErrorAfterRate],
    ];
    for (const [kind, rate] of rates) {
      if (roll < rate) return this.materialize(kind);
      roll -= rate;
    }
    return { kind: "none" };
  }

  private materialize(kind: FaultKind): FaultDecision {
    const status = this.random.chance(0.5) ? 502 : 503;
    switch (kind) {
      case "error":
        return { kind: "error", status };
      case "timeout":
        return { kind: "timeout", holdMs: this.config.timeoutMs };
      case "lost":
        return {
          kind: "lost",
          status,
          holdMs: this.config.timeoutMs,
          mode: this.config.lostResponseMode,
        };
      case "throttle":
        return { kind: "throttle" };
      case "internal":
        return { kind: "internal", ran: false };
      case "internal_after":
        return { kind: "internal", ran: true };
      case "late":
        return { kind: "late", holdMs: this.config.lateMs };
      case "revoke":
        return { kind: "revoke" };
      default:
        return { kind: "none" };
    }
  }

  webhookDuplicate(): boolean {
    return (
      this.config.webhookDuplicateRate > 0 && this.random.chance(this.config.webhookDuplicateRate)
    );
  }

  webhookDelay(): number {
    return this.config.webhookMaxDelayMs > 0
      ? this.random.int(0, this.config.webhookMaxDelayMs)
      : 0;
  }
}

/** What a 502/503 from Shopify's edge looks like: HTML, not JSON. */
export function errorPage(status: number): string {
  const title =
    status === 503 ? "Service Unavailable" : status === 504 ? "Gateway Timeout" : "Bad Gateway";
  return `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${status} ${title}</h1><p>There was a problem loading this website. Please try again.</p></body>\n</html>\n`;
}

/**
 * Shopify's top-level GraphQL error for a failure on its side: "Shopify
 * experienced an internal error while processing the request. This error is
 * returned instead of 500 Internal Server Error in most circumstances", so
 * with HTTP 200. Message and extensions as in the example of the "Status and
 * error codes" section of Shopify's GraphQL API references
 * (https://shopify.dev/docs/api/admin-graphql#status_and_error_codes).
 */
export function internalErrorBody(requestId: string) {
  return {
    errors: [
      {
        message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ],
  };
}
