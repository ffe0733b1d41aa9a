export type UserError = { field?: string[] | null; message: string; code?: string | null };

/** Shopify refused the request for good (access, validation, not found): retrying won't help. */
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
 * A mutation was sent and no answer came back (timeout, 5xx, dropped
 * connection): it may or may not have taken effect. Never retried blindly;
 * the caller reconciles with Shopify's state first.
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
