/**
 * An order's financial status, derived from what happened to it, in the
 * REST payload's lower-case words (GraphQL's displayFinancialStatus is the
 * same upper-cased): an unpaid order is `pending`, and `voided` once
 * cancelled (the orders/cancelled sample is a pending order cancelled:
 * financial_status "voided"); a paid one is `paid`, `partially_refunded`
 * or `refunded` by what was given back.
 */
import type { OrderRecord } from "./model";

export type FinancialStatus = "pending" | "voided" | "paid" | "partially_refunded" | "refunded";

export function refundedCents(o: OrderRecord): number {
  return o.totalCents - o.currentTotalCents;
}

export function orderFinancialStatus(o: OrderRecord): FinancialStatus {
  if (o.unpaid) return o.cancelledAt === null ? "pending" : "voided";
  const refunded = refundedCents(o);
  if (o.totalCents > 0 && refunded >= o.totalCents) return "refunded";
  return refunded > 0 ? "partially_refunded" : "paid";
}

/** What can still be refunded: what was paid minus what was refunded. */
export function refundableCents(o: OrderRecord): number {
  return o.unpaid ? 0 : Math.max(0, o.currentTotalCents);
}
