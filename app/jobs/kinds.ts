import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";

/** One target of a job as a kind sees it. */
export type ItemRecord = { id: string; seq: number; target: string; data: unknown };

export type ItemOutcome =
  | { status: "succeeded" }
  /** Nothing to do (already in the wanted state); kept apart from successes in reports. */
  | { status: "skipped"; reason: string }
  /** Shopify refused this item (userErrors): reported with Shopify's message, not retried. */
  | { status: "failed"; reason: string };

/** What reconciliation learned about an item whose call may or may not have taken effect. */
export type Reconciled = ItemOutcome | { status: "not_applied" };

export type KindContext = {
  db: Database;
  shop: string;
  executor: ShopApi;
  params: unknown;
  signal: AbortSignal;
};

export type BulkMutation = {
  /** The mutation bulkOperationRunMutation runs once per line. */
  mutation: string;
  variables(item: ItemRecord, params: unknown): Record<string, unknown>;
  /** Reads one result line (its data) into the item's outcome. */
  outcome(data: unknown): ItemOutcome;
};

/**
 * A kind of bulk job (invitations, tags, deletes…): how one item is done and
 * how, after a crash or an unknown answer, Shopify's state says whether it was.
 */
export type JobKind = {
  perform(item: ItemRecord, context: KindContext): Promise<ItemOutcome>;
  /** Must not cause an effect: it only reads Shopify's state. */
  reconcile(item: ItemRecord, context: KindContext): Promise<Reconciled>;
  bulk?: BulkMutation;
};

/** Every kind the engine can run, by name (composed in app/job-kinds.server.ts). */
export type JobKinds = Record<string, JobKind>;
