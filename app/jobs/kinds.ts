import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";

/** One target of a job as a kind sees it. */
export type ItemRecord = {
  id: string;
  seq: number;
  target: string;
  data: unknown;
  /** When its latest call was claimed (intent): a reconciliation compares the evidence with it. */
  startedAt?: Date | null;
};

export type ItemOutcome =
  /** `data`, when given, replaces the item's data: what the call changed (an undo reads it). */
  | { status: "succeeded"; data?: unknown }
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
  audience?: AudienceHooks;
};

/** A customer as the audience read returns it: the fields the kind asked for. */
export type CustomerNode = { id: string; [field: string]: unknown };

/**
 * How a kind reads its audience: the fields it needs of each customer, and
 * the check that turns a page of customers into items to do or items skipped
 * with the reason (already has an account, no consent…).
 */
export type AudienceHooks = {
  /** A GraphQL selection inside Customer; must include `id`. */
  fields: string;
  classify(
    nodes: CustomerNode[],
    context: KindContext,
  ): Promise<{ target: string; data?: unknown; skip?: string }[]>;
  /**
   * Runs once the whole audience is read, before the job goes on: a second
   * pass over what classify kept (a kind comparing customers with each
   * other). A crash may run it again, so it must be idempotent.
   */
  complete?(context: KindContext, jobId: string): Promise<void>;
};

/** Every kind the engine can run, by name (composed in app/features.server.ts). */
export type JobKinds = Record<string, JobKind>;
