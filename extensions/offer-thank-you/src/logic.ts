// What the offer blocks decide, without Preact or the `shopify` global: the
// request to Patron, its answers, the wait for an offer still being issued,
// and how the offer reads in the buyer's language and currency. Shared by
// extensions/offer-thank-you (thank-you page) and extensions/offer-order-status
// (order status page of customer accounts); tested in logic.test.ts.
import { APP_URL } from "./config";

export const OFFERS_PATH = "/api/offers";

/** Which extension asks; the backend checks its token with the matching helper. */
export type Surface = "checkout" | "customer_account";

export type OfferKind = "percentage" | "fixed_amount" | "free_shipping";

/** An issued offer as /api/offers gives it. */
export interface Offer {
  code: string;
  kind: OfferKind;
  /** Percent ("15") or amount ("10.00") as a decimal string; null for free shipping. */
  value: string | null;
  currencyCode: string;
  minimumSubtotal: string | null;
  endsAt: string;
}

/** One answer of the backend, or why there was none. */
export type Answer =
  | { status: "issued"; offer: Offer }
  | { status: "pending" }
  | { status: "none" }
  /** No usable answer: `retryable` for the network, 429 and 5xx; not for 400, 401, 404. */
  | { status: "error"; retryable: boolean };

// gid://shopify/Order/<n> (order status) or gid://shopify/OrderIdentity/<n> (orderConfirmation).
const ORDER_ID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/([1-9]\d{0,19})$/;

/** The order's gid as the backend wants it, or null when the page gave none usable. */
export function orderGid(id: string | null | undefined): string | null {
  const match = ORDER_ID.exec(id ?? "");
  return match ? `gid://shopify/Order/${match[1]}` : null;
}

export function offersUrl(surface: Surface, orderId: string, appUrl: string = APP_URL): string {
  const url = new URL(OFFERS_PATH, appUrl);
  url.searchParams.set("surface", surface);
  url.searchParams.set("orderId", orderId);
  return url.toString();
}

const KINDS: readonly OfferKind[] = ["percentage", "fixed_amount", "free_shipping"];

function readOffer(value: unknown): Offer | null {
  if (!value || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  const text = (v: unknown) => typeof v === "string" && v.length > 0;
  const optional = (v: unknown) => v === null || text(v);
  if (!text(o.code) || !KINDS.includes(o.kind as OfferKind)) return null;
  if (!optional(o.value) || !text(o.currencyCode) || !optional(o.minimumSubtotal)) return null;
  if (!text(o.endsAt) || Number.isNaN(Date.parse(o.endsAt as string))) return null;
  if (o.kind !== "free_shipping" && !(Number(o.value) > 0)) return null;
  return {
    code: o.code as string,
    kind: o.kind as OfferKind,
    value: (o.value as string | null) ?? null,
    currencyCode: o.currencyCode as string,
    minimumSubtotal: (o.minimumSubtotal as string | null) ?? null,
    endsAt: o.endsAt as string,
  };
}

/** Reads one HTTP answer of /api/offers. */
export function parseAnswer(status: number, body: unknown): Answer {
  if (status === 429 || status >= 500) return { status: "error", retryable: true };
  if (status !== 200) return { status: "error", retryable: false };
  const b = (body ?? {}) as { status?: unknown; offer?: unknown };
  if (b.status === "pending") return { status: "pending" };
  if (b.status === "none") return { status: "none" };
  if (b.status === "issued") {
    const offer = readOffer(b.offer);
    if (offer) return { status: "issued", offer };
  }
  return { status: "error", retryable: false };
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Asks Patron once, with a fresh session token; never throws. */
export async function askOffer(
  surface: Surface,
  orderId: string,
  getToken: () => Promise<string>,
  fetchImpl: FetchLike = fetch,
): Promise<Answer> {
  try {
    const token = await getToken();
    const response = await fetchImpl(offersUrl(surface, orderId), {
      method: "GET",
      headers: { Authorization: `Bearer ${token}` },
    });
    const body: unknown = await response.json().catch(() => null);
    return parseAnswer(response.status, body);
  } catch {
    return { status: "error", retryable: true };
  }
}

/**
 * What the block shows:
 * - checking: the first answer is not in yet (nothing shown: most orders earn nothing);
 * - pending: the offer is being issued (a line saying so, while the block waits);
 * - issued: the offer;
 * - later: the wait ran out while it was still being issued: it will arrive
 *   on the order status page and by email (said plainly);
 * - none: no offer, or none could be read: nothing at all.
 */
export type View =
  | { kind: "checking" }
  | { kind: "pending" }
  | { kind: "issued"; offer: Offer }
  | { kind: "later" }
  | { kind: "none" };

/** Waits between asks while the offer is pending: about 15 s in all. */
export const POLL_DELAYS_MS = [1_000, 1_500, 2_000, 2_500, 3_000, 3_000] as const;
export const POLL_BUDGET_MS = 15_000;

/**
 * The next view after an answer, and when to ask again (null: stop).
 * `elapsedMs` is the time since the first ask; `attempt` counts the asks made.
 */
export function nextView(
  view: View,
  answer: Answer,
  { elapsedMs, attempt, now }: { elapsedMs: number; attempt: number; now: number },
  budgetMs: number = POLL_BUDGET_MS,
): { view: View; retryInMs: number | null } {
  const delay = POLL_DELAYS_MS[Math.min(attempt - 1, POLL_DELAYS_MS.length - 1)]!;
  const canWait = elapsedMs + delay <= budgetMs;
  // Waiting gave nothing: a pending offer will come later; otherwise there is nothing to say.
  const givenUp: View = view.kind === "pending" ? { kind: "later" } : { kind: "none" };
  switch (answer.status) {
    case "issued":
      // An offer past its end is no offer.
      return {
        view:
          Date.parse(answer.offer.endsAt) > now
            ? { kind: "issued", offer: answer.offer }
            : { kind: "none" },
        retryInMs: null,
      };
    case "none":
      return { view: { kind: "none" }, retryInMs: null };
    case "pending":
      return canWait
        ? { view: { kind: "pending" }, retryInMs: delay }
        : { view: { kind: "later" }, retryInMs: null };
    case "error":
      return answer.retryable && canWait
        ? { view, retryInMs: delay }
        : { view: givenUp, retryInMs: null };
  }
}

/**
 * Asks until the answer is final or the budget is spent, telling `onView`
 * each change. `ask`, `sleep` and `now` are injected (tests run it on a fake clock).
 */
export async function pollOffer({
  ask,
  onView,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now = () => Date.now(),
  budgetMs = POLL_BUDGET_MS,
  isLive = () => true,
}: {
  ask: () => Promise<Answer>;
  onView: (view: View) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  budgetMs?: number;
  /** False once the block is gone: stop asking. */
  isLive?: () => boolean;
}): Promise<View> {
  const started = now();
  let view: View = { kind: "checking" };
  for (let attempt = 1; ; attempt++) {
    const answer = await ask();
    if (!isLive()) return view;
    const step = nextView(
      view,
      answer,
      { elapsedMs: now() - started, attempt, now: now() },
      budgetMs,
    );
    if (step.view.kind !== view.kind) onView(step.view);
    view = step.view;
    if (step.retryInMs === null) return view;
    await sleep(step.retryInMs);
    if (!isLive()) return view;
  }
}

/** The i18n helpers the blocks get from `shopify.i18n` (Intl-like, in the buyer's locale). */
export interface Formatter {
  formatNumber(n: number, options?: Intl.NumberFormatOptions): string;
  formatCurrency(n: number, options?: Intl.NumberFormatOptions): string;
  formatDate(date: Date, options?: Intl.DateTimeFormatOptions): string;
}

/** A translation key and its values. */
export interface Line {
  key: string;
  params?: Record<string, string>;
}

export interface OfferLines {
  value: Line;
  minimum: Line | null;
  expires: Line;
}

/** The offer's terms as the buyer reads them: value, minimum order, end date. */
export function offerLines(offer: Offer, format: Formatter): OfferLines {
  const money = (amount: string) =>
    format.formatCurrency(Number(amount), { currency: offer.currencyCode });
  const value: Line =
    offer.kind === "percentage"
      ? {
          key: "value.percentage",
          params: {
            percent: format.formatNumber(Number(offer.value) / 100, {
              style: "percent",
              maximumFractionDigits: 2,
            }),
          },
        }
      : offer.kind === "fixed_amount"
        ? { key: "value.fixed_amount", params: { amount: money(offer.value ?? "0") } }
        : { key: "value.free_shipping" };
  return {
    value,
    minimum:
      offer.minimumSubtotal && Number(offer.minimumSubtotal) > 0
        ? { key: "minimum", params: { amount: money(offer.minimumSubtotal) } }
        : null,
    expires: {
      key: "expires",
      params: { date: format.formatDate(new Date(offer.endsAt), { dateStyle: "long" }) },
    },
  };
}

/** Intl in a given locale: what `shopify.i18n` does in the buyer's locale (harness and tests). */
export function intlFormatter(locale: string): Formatter {
  return {
    formatNumber: (n, options) => new Intl.NumberFormat(locale, options).format(n),
    formatCurrency: (n, options) =>
      new Intl.NumberFormat(locale, { ...options, style: "currency" }).format(n),
    formatDate: (date, options) => new Intl.DateTimeFormat(locale, options).format(date),
  };
}
