export type UserError = { field?: string[] | null; message: string; code?: string | null };

/** Shopify refused the request for good (validation, not found): retrying won't help. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** Retries ran out on throttling, 5xx or network errors; the request did not (knowingly) take effect. */
export class AdminApiUnavailableError extends AdminApiError {
  override name = "AdminApiUnavailableError";
}

/**
 * Why Shopify serves no request of this shop for now. Nothing ran; the work
 * waits until the shop is back rather than failing item after item.
 * - frozen: 402 Payment Required (unpaid bill)
 * - locked: 423 Locked (Shopify locked the store)
 * - inactive: the shop is closed or no longer active
 * - revoked: 401 even with a freshly read token (uninstalled, or access revoked)
 */
export type ShopUnavailableReason = "frozen" | "locked" | "inactive" | "revoked";

export class ShopUnavailableError extends AdminApiError {
  override name = "ShopUnavailableError";
  constructor(
    readonly reason: ShopUnavailableReason,
    message: string,
    status: number | null = null,
  ) {
    super(message, status, reason.toUpperCase());
  }
}

/** ACCESS_DENIED: the app lacks a scope; no call of this kind can succeed until it is granted. */
export class AccessDeniedError extends AdminApiError {
  override name = "AccessDeniedError";
}

/**
 * A mutation was sent and no answer came back (timeout, 5xx, dropped
 * connection, INTERNAL_SERVER_ERROR): it may or may not have taken effect.
 * Never retried blindly; the caller reconciles with Shopify's state first.
 */
export class EffectUnknownError extends Error {
  constructor(readonly reason: string) {
    super(`No answer from Shopify after sending a change (${reason}); its effect is unknown`);
    this.name = "EffectUnknownError";
  }
}

export function userErrorMessage(errors: UserError[]): string {
  return errors
    .map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message))
    .join("; ");
}
