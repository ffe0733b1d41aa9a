/**
 * What resolvers and store actions need from the running simulator, kept as
 * an interface so they don't import the HTTP server.
 */
import type { SimClock } from "./clock";
import type { Faults } from "./faults";
import type { FileStore } from "./files";
import type { BulkOperationRecord } from "./model";
import type { ShopStore } from "./state";

export interface SimConfig {
  apiKey: string;
  apiSecret: string;
  /** Numeric app id: `$app` metafield namespaces become `app--<appId>`. */
  appId: number;
  /** Scopes granted to the app, comma-separated (what token exchange returns). */
  scopes: string;
  /** Base URL of the simulator itself (for staged uploads and bulk result files). */
  publicUrl(): string;
}

export interface WebhookSink {
  /** Queues a store event for delivery to the app. */
  emit(shop: ShopStore, topic: string, payload: object): void;
}

export interface BulkRunner {
  startQuery(shop: ShopStore, opId: number): void;
  startMutation(shop: ShopStore, opId: number): void;
  cancel(shop: ShopStore, opId: number): void;
}

export interface Env {
  clock: SimClock;
  config: SimConfig;
  files: FileStore;
  webhooks: WebhookSink;
  bulk: BulkRunner;
  /** The shop's faults: bulk operations honour `bulkFailAfterLines`. */
  faults(shop: ShopStore): Faults | undefined;
  /**
   * Told as a bulk mutation runs: before each chunk of lines and once after
   * the last (`linesDone` of `totalLines`). A returned promise holds the run
   * (staff edits and test hooks act "while the job runs", simulator.ts).
   */
  bulkMutationProgress?(
    shop: ShopStore,
    op: BulkOperationRecord,
    linesDone: number,
    totalLines: number,
  ): void | Promise<void>;
}
