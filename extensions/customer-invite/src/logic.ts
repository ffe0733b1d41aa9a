// Everything the two admin actions decide, without Preact or the `shopify`
// global: the backend contract of POST /api/invitations (request and answers),
// the validation of the admin's selection, the reading of the customer query,
// and the mapping from an answer to what the modal shows. Tested beside it.

/**
 * The app's endpoint. A relative URL: admin UI extensions resolve it against
 * the app's `application_url` and add `Authorization: Bearer <ID token>`
 * themselves to requests for the app's own domain ("App authentication",
 * shopify.dev/docs/api/admin-extensions/latest/network-features).
 */
export const INVITATIONS_PATH = "/api/invitations";

/** The backend takes 1 to 250 customers per call (Shopify's own input-array cap). */
export const MAX_SELECTION = 250;

export type Mode = "classic" | "new";

// Listed in the order the result shows them.
export const SKIP_REASONS = [
  "enabled",
  "invited_recently",
  "declined_recently",
  "no_email",
  "no_consent",
  "not_found",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface InvitationRequest {
  customerIds: string[];
}

export interface Skipped {
  customerId: string;
  reason: SkipReason;
}

/** The 200 answer. */
export interface InvitationResult {
  campaignId: string;
  mode: Mode;
  queued: number;
  skipped: Skipped[];
  campaignUrl: string;
}

// ---------------------------------------------------------------------------
// The selection

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9][0-9]*$/;

export type SelectionProblem = "empty" | "too_many" | "not_customers";

export type Selection =
  { ok: true; customerIds: string[] } | { ok: false; problem: SelectionProblem; count: number };

/**
 * The ids the backend will accept, or why not: 1 to 250 distinct customer
 * GIDs. Checked here so a bad selection never costs a request; the backend
 * checks again (400).
 */
export function validateSelection(selected: readonly { id: string }[]): Selection {
  const customerIds = [...new Set(selected.map((s) => s.id))];
  if (customerIds.length === 0) return { ok: false, problem: "empty", count: 0 };
  if (!customerIds.every((id) => CUSTOMER_GID.test(id)))
    return { ok: false, problem: "not_customers", count: customerIds.length };
  if (customerIds.length > MAX_SELECTION)
    return { ok: false, problem: "too_many", count: customerIds.length };
  return { ok: true, customerIds };
}

// ---------------------------------------------------------------------------
// The request and its answer

export function invitationRequest(customerIds: readonly string[]): {
  url: string;
  init: RequestInit;
} {
  const body: InvitationRequest = { customerIds: [...customerIds] };
  return {
    url: INVITATIONS_PATH,
    init: {
      method: "POST",
      // No Authorization header: the admin adds the ID token to requests for
      // the app's own URL (see INVITATIONS_PATH).
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    },
  };
}

export type FailureReason =
  | "bad_request" // 400
  | "unauthorized" // 401
  | "accounts_disabled" // 409 with code "accounts_disabled"
  | "busy" // 429
  | "server" // 5xx and any other status
  | "network" // no answer at all
  | "unexpected"; // an answer that does not follow the contract

export interface Failure {
  reason: FailureReason;
  status: number;
  /** The backend's own `error` text, shown as it is; null when it sent none. */
  message: string | null;
  /** Whether sending again can help (the primary action stays available). */
  retryable: boolean;
}

export type Outcome =
  { kind: "sent"; result: InvitationResult } | { kind: "failed"; failure: Failure };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function parseResult(body: unknown): InvitationResult | null {
  if (!isRecord(body)) return null;
  const { campaignId, mode, queued, skipped, campaignUrl } = body;
  if (typeof campaignId !== "string" || campaignId === "") return null;
  if (mode !== "classic" && mode !== "new") return null;
  if (!isCount(queued) || typeof campaignUrl !== "string" || !Array.isArray(skipped)) return null;
  const rows: Skipped[] = [];
  for (const row of skipped) {
    if (!isRecord(row) || typeof row.customerId !== "string") return null;
    const reason = SKIP_REASONS.find((r) => r === row.reason);
    if (!reason) return null;
    rows.push({ customerId: row.customerId, reason });
  }
  return { campaignId, mode, queued, skipped: rows, campaignUrl };
}

function errorText(body: unknown): string | null {
  if (!isRecord(body) || typeof body.error !== "string") return null;
  const text = body.error.trim();
  return text === "" ? null : text;
}

/** Maps a status and its parsed JSON body (undefined when not JSON) to an outcome. */
export function parseAnswer(status: number, body: unknown): Outcome {
  const failed = (reason: FailureReason, retryable: boolean): Outcome => ({
    kind: "failed",
    failure: { reason, status, message: errorText(body), retryable },
  });
  if (status === 200) {
    const result = parseResult(body);
    return result ? { kind: "sent", result } : failed("unexpected", true);
  }
  if (status === 400) return failed("bad_request", false);
  if (status === 401) return failed("unauthorized", false);
  if (status === 409 && isRecord(body) && body.code === "accounts_disabled")
    return failed("accounts_disabled", false);
  if (status === 429) return failed("busy", true);
  return failed("server", true);
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * What a failure shows: the backend's own message where it is written for the
 * merchant (400, 409, 429, 5xx), otherwise a text of ours (`error.<reason>` in
 * the locales). A 401 never shows the backend's text: it is about tokens, and
 * reopening the action is all the merchant can do.
 */
export function failureView(failure: Failure): {
  textKey: string;
  backendMessage: string | null;
  retryable: boolean;
} {
  const ownText = failure.reason === "unauthorized" || failure.reason === "network";
  return {
    textKey: `error.${failure.reason}`,
    backendMessage: ownText ? null : failure.message,
    retryable: failure.retryable,
  };
}

/** Sends the selection and reads the answer; never throws. */
export async function sendInvitations(
  customerIds: readonly string[],
  fetchImpl: FetchLike = fetch,
): Promise<Outcome> {
  const { url, init } = invitationRequest(customerIds);
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch {
    return {
      kind: "failed",
      failure: { reason: "network", status: 0, message: null, retryable: true },
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined; // an empty or non-JSON body: the status alone decides
  }
  return parseAnswer(response.status, body);
}

// ---------------------------------------------------------------------------
// What a sent result shows

export interface ResultView {
  mode: Mode;
  queued: number;
  skippedTotal: number;
  /** Non-zero counts only, in SKIP_REASONS order. */
  skipped: { reason: SkipReason; count: number }[];
  campaignHref: string;
}

const CAMPAIGN_PATH = /^\/app\/invitations\/[^/?#\s]+$/;

/**
 * Where "View the campaign" goes. Relative URLs in an admin extension's links
 * are relative to the app ("Custom protocols › Relative URLs" on the network
 * features page), so the backend's `/app/invitations/<id>` opens that page of
 * Patron inside the admin. Anything else is rebuilt from the id.
 */
export function campaignHref(result: Pick<InvitationResult, "campaignId" | "campaignUrl">): string {
  return CAMPAIGN_PATH.test(result.campaignUrl)
    ? result.campaignUrl
    : `/app/invitations/${encodeURIComponent(result.campaignId)}`;
}

export function resultView(result: InvitationResult): ResultView {
  const counts = new Map<SkipReason, number>();
  for (const { reason } of result.skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return {
    mode: result.mode,
    queued: result.queued,
    skippedTotal: result.skipped.length,
    skipped: SKIP_REASONS.filter((r) => counts.has(r)).map((reason) => ({
      reason,
      count: counts.get(reason) ?? 0,
    })),
    campaignHref: campaignHref(result),
  };
}

/** For one customer: queued, or the reason the backend skipped them. */
export function singleOutcome(
  result: InvitationResult,
  customerId: string,
): { queued: true } | { queued: false; reason: SkipReason | null } {
  const skipped = result.skipped.find((s) => s.customerId === customerId);
  if (skipped) return { queued: false, reason: skipped.reason };
  return result.queued > 0 ? { queued: true } : { queued: false, reason: null };
}

// ---------------------------------------------------------------------------
// The customer page: what the extension reads with its own Admin API access

/**
 * Read with the extension's direct Admin API access (the merchant's own
 * permissions). `defaultEmailAddress` replaces the deprecated `Customer.email`;
 * `state` only means something on classic customer accounts.
 */
export const CUSTOMER_QUERY = `#graphql
  query PatronInviteCustomer($id: ID!) {
    customer(id: $id) {
      id
      displayName
      state
      defaultEmailAddress {
        emailAddress
      }
    }
    shop {
      customerAccounts
      customerAccountsV2 {
        customerAccountsVersion
      }
    }
  }
`;

/** The same shop fields, for the bulk action's explanation. */
export const SHOP_QUERY = `#graphql
  query PatronInviteShop {
    shop {
      customerAccounts
      customerAccountsV2 {
        customerAccountsVersion
      }
    }
  }
`;

export interface ShopAccounts {
  /** false when the store has customer accounts turned off (Settings › Customer accounts). */
  enabled: boolean;
  mode: Mode;
}

export interface CustomerFacts {
  id: string;
  name: string | null;
  email: string | null;
  /** DISABLED | INVITED | ENABLED | DECLINED, or whatever a later API version adds. */
  state: string;
  accounts: ShopAccounts;
}

function readShop(shop: unknown): ShopAccounts | null {
  if (!isRecord(shop) || !isRecord(shop.customerAccountsV2)) return null;
  const version = shop.customerAccountsV2.customerAccountsVersion;
  if (typeof version !== "string") return null;
  return {
    enabled: shop.customerAccounts !== "DISABLED",
    mode: version === "CLASSIC" ? "classic" : "new",
  };
}

/** The shop's account settings from SHOP_QUERY's data, or null if absent. */
export function readShopAccounts(data: unknown): ShopAccounts | null {
  return isRecord(data) ? readShop(data.shop) : null;
}

/** CUSTOMER_QUERY's data, or null when the customer or the shop is missing from it. */
export function readCustomer(data: unknown): CustomerFacts | null {
  if (!isRecord(data) || !isRecord(data.customer)) return null;
  const { id, displayName, state, defaultEmailAddress } = data.customer;
  const accounts = readShop(data.shop);
  if (typeof id !== "string" || typeof state !== "string" || !accounts) return null;
  const email =
    isRecord(defaultEmailAddress) && typeof defaultEmailAddress.emailAddress === "string"
      ? defaultEmailAddress.emailAddress
      : null;
  const name = typeof displayName === "string" && displayName.trim() !== "" ? displayName : null;
  return { id, name, email, state, accounts };
}

export type Eligibility =
  | "accounts_disabled" // the store has customer accounts off: nothing can be sent
  | "enabled" // classic, already has an account: nothing to send
  | "no_email" // cannot be invited
  | "declined" // classic, declined before: Shopify allows a new invitation
  | "invited" // classic, invited but not accepted: a new invitation replaces it
  | "disabled" // classic, no account yet: Shopify's account invitation
  | "new_accounts" // new customer accounts: Patron's sign-in invitation by the store's mail
  | "other"; // a state this version does not know: the backend decides

export function eligibility(customer: CustomerFacts): Eligibility {
  if (!customer.accounts.enabled) return "accounts_disabled";
  if (customer.accounts.mode === "new") return customer.email ? "new_accounts" : "no_email";
  if (customer.state === "ENABLED") return "enabled";
  if (!customer.email) return "no_email";
  switch (customer.state) {
    case "DECLINED":
      return "declined";
    case "INVITED":
      return "invited";
    case "DISABLED":
      return "disabled";
    default:
      return "other";
  }
}

export function canSend(e: Eligibility): boolean {
  return e !== "accounts_disabled" && e !== "enabled" && e !== "no_email";
}

/** The badge for a classic account state; new accounts have no invitation state to show. */
export function stateLabelKey(customer: CustomerFacts): string | null {
  if (customer.accounts.mode === "new") return null;
  return ["DISABLED", "INVITED", "ENABLED", "DECLINED"].includes(customer.state)
    ? `state.${customer.state}`
    : "state.unknown";
}
