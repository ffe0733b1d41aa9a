/**
 * The simulator core, without HTTP: shops and their state, buckets, faults,
 * webhooks, bulk engine and files. server.ts puts it on the network.
 */
import { ActionError, ShopActions, type TagEdit } from "./actions";
import { issueToken } from "./auth";
import { BulkEngine } from "./bulk";
import { SimClock } from "./clock";
import type { Env, SimConfig } from "./env";
import { Faults, type FaultUpdate } from "./faults";
import { FileStore } from "./files";
import type { MailCapture } from "./mail-capture";
import { gid } from "./ids";
import type {
  AccountsSetting,
  AccountsVersion,
  BulkOperationRecord,
  InviteEmail,
  Plan,
  ShopSettings,
} from "./model";
import { API_VERSION } from "./schema";
import { seedShop, type SeedOptions, type SeedSummary } from "./seed";
import { ShopStore } from "./state";
import { LeakyBucket, PLAN_LIMITS } from "./throttle";
import { parseWebhookToml, type WebhookSubscription } from "./toml";
import { WebhookDispatcher, type DeliveryAttempt } from "./webhooks";

export interface ShopConfig {
  /** "demo" or "demo.myshopify.com". */
  domain: string;
  name?: string;
  /** The online store's domain; default derived from the name ("Demo Store" → "demo-store.example"). */
  primaryDomain?: string;
  email?: string;
  currencyCode?: string;
  plan?: Plan;
  partnerDevelopment?: boolean;
  customerAccountsVersion?: AccountsVersion;
  customerAccounts?: AccountsSetting;
  customerAccountUrl?: string | null;
  bucketSize?: number | null;
  restoreRate?: number | null;
  /** Shopify stops paginating after 25,000 objects; 0 disables. */
  paginationLimit?: number;
  bulkMinDurationMs?: number;
  /** Time Shopify takes to answer a GraphQL request (ms, ±25 %): real mutations take 100–300 ms. Default 0. */
  latencyMs?: number;
  staffEmails?: string[];
  /**
   * The app's protected customer data approval: "level2" (default) reads names
   * and contact details; "level1" gets ACCESS_DENIED at those fields, as an
   * app Shopify has not approved for them (protected-data.ts).
   */
  protectedCustomerData?: "level1" | "level2";
  /** Offline tokens accepted without a token exchange (handy for tests). */
  accessTokens?: string[];
  /** Seed options, or false for an empty shop. Default: 2,000 customers, seed 42. */
  seed?: SeedOptions | false;
}

export interface SimulatorOptions {
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Numeric app id (`$app` metafield namespaces). */
  appId?: number;
  /** Granted scopes, comma-separated, when no shopify.app.toml text gives them. Default DEFAULT_SCOPES. */
  scopes?: string;
  /** Parsed subscriptions, or the text of shopify.app.toml (its [access_scopes] become the granted scopes). */
  webhookSubscriptions?: WebhookSubscription[] | string;
  shops: ShopConfig[];
  clock?: SimClock;
  webhooks?: { maxAttempts?: number; retryDelaysMs?: number[]; timeoutMs?: number };
}

export const DEFAULT_SCOPES =
  "read_customers,write_customers,read_orders,read_discounts,write_discounts,write_customer_data_erasure";

export interface ShopRuntime {
  store: ShopStore;
  bucket: LeakyBucket;
  faults: Faults;
  config: ShopConfig;
  seedSummary: SeedSummary | null;
  /** Staff tag edits waiting for the shop's next bulk mutation, and those made. */
  staffEdits: { pending: StaffEditDuringBulk[]; done: StaffEditDone[] };
}

/**
 * A staff member's tag edit that happens while the shop's next bulk mutation
 * runs, once `afterLines` of its lines are done (default: half of them; 0 =
 * before the first line runs). For tests of "undo reverses exactly what the
 * job changed" across processes (control API) as well as in-process.
 */
export interface StaffEditDuringBulk extends TagEdit {
  customerIds: (number | string)[];
  afterLines?: number | null;
}

export interface StaffEditDone extends StaffEditDuringBulk {
  operationId: string;
  /** The line count reached when the edit was made. */
  atLine: number;
  totalLines: number;
  at: string;
  results: { id: string; added: string[]; removed: string[] }[];
}

/** Where a running bulk mutation is, for the `duringBulkMutation` hook. */
export interface BulkMutationProgress {
  domain: string;
  /** gid of the BulkOperation. */
  operationId: string;
  /** Lines run so far (before the next chunk), of totalLines in the uploaded file. */
  linesDone: number;
  totalLines: number;
}

/** Real shops sell on their own domain: "Patron Demo Store" → "patron-demo-store.example". */
export function defaultPrimaryDomain(name: string, handle: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${slug || handle}.example`;
}

export function normalizeDomain(domain: string): string {
  const d = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/:\d+$/, "");
  return d.includes(".") ? d : `${d}.myshopify.com`;
}

/**
 * Test hooks, awaited before the simulator handles a request: a test can act
 * at an exact point (kill the app's worker while Shopify starts its bulk
 * operation, or while it downloads a result) before the request goes on.
 */
export interface SimulatorHooks {
  beforeGraphQL?: (domain: string, body: { query?: string }) => void | Promise<void>;
  /**
   * Awaited while a bulk mutation runs, before each chunk of its lines and
   * once after the last (`linesDone === totalLines`, status still RUNNING):
   * a test acts as staff mid-job, e.g.
   * `sim.actions(domain).editCustomerTags(id, { remove: ["vip"] })` once
   * `linesDone >= totalLines / 2`. Lines run 200 per chunk, or in smaller
   * chunks spread over the shop's `bulkMinDurationMs`.
   */
  duringBulkMutation?: (progress: BulkMutationProgress) => void | Promise<void>;
  /** May answer how many bytes of the file to send before the connection breaks. */
  beforeFile?: (
    key: string,
  ) => void | { breakAfter?: number } | Promise<void | { breakAfter?: number }>;
}

export class Simulator {
  hooks: SimulatorHooks = {};
  /** A local SMTP capture whose messages the control API lists (`/__simulator/mail`); the demo sets it. */
  mail: MailCapture | null = null;
  readonly clock: SimClock;
  readonly files = new FileStore();
  readonly bulk = new BulkEngine();
  readonly webhooks: WebhookDispatcher;
  readonly env: Env;
  readonly config: SimConfig;
  private readonly shops = new Map<string, ShopRuntime>();
  private publicUrl = "http://127.0.0.1";
  private nextShopId = 60_000_000_001;

  constructor(readonly options: SimulatorOptions) {
    this.clock = options.clock ?? new SimClock();
    const given = options.webhookSubscriptions;
    const toml = typeof given === "string" ? parseWebhookToml(given) : null;
    const subs = typeof given === "string" ? toml!.subscriptions : (given ?? []);
    this.webhooks = new WebhookDispatcher({
      appUrl: options.appUrl,
      apiSecret: options.apiSecret,
      apiVersion: API_VERSION,
      subscriptions: subs,
      clock: this.clock,
      faultsFor: (domain) => this.shops.get(domain)?.faults,
      ...options.webhooks,
    });
    this.config = {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      appId: options.appId ?? 1_234_567,
      // What token exchange grants: the toml's [access_scopes] as Shopify-managed installation does.
      scopes: toml?.scopes ?? options.scopes ?? DEFAULT_SCOPES,
      publicUrl: () => this.publicUrl,
    };
    this.env = {
      clock: this.clock,
      config: this.config,
      files: this.files,
      webhooks: this.webhooks,
      bulk: this.bulk,
      faults: (shop) => this.shops.get(shop.domain)?.faults,
      bulkMutationProgress: (shop, op, linesDone, totalLines) =>
        this.bulkMutationProgress(shop, op, linesDone, totalLines),
    };
    this.bulk.attach(this.env);
    for (const shop of options.shops) this.addShop(shop);
  }

  setPublicUrl(url: string): void {
    this.publicUrl = url.replace(/\/$/, "");
  }

  addShop(config: ShopConfig): ShopStore {
    const domain = normalizeDomain(config.domain);
    const previous = this.shops.get(domain);
    const id = previous?.store.settings.id ?? this.nextShopId++;
    const handle = domain.replace(".myshopify.com", "");
    const plan = config.plan ?? "STANDARD";
    const name =
      config.name ??
      handle.replace(
        /(^|-)(\w)/g,
        (_m, sep: string, c: string) => `${sep ? " " : ""}${c.toUpperCase()}`,
      );
    const settings: ShopSettings = {
      id,
      name,
      email: config.email ?? `owner@${handle}.example`,
      myshopifyDomain: domain,
      primaryDomain: config.primaryDomain ?? defaultPrimaryDomain(name, handle),
      currencyCode: config.currencyCode ?? "EUR",
      plan,
      partnerDevelopment: config.partnerDevelopment ?? false,
      customerAccountsVersion: config.customerAccountsVersion ?? "CLASSIC",
      customerAccounts: config.customerAccounts ?? "OPTIONAL",
      customerAccountUrl: config.customerAccountUrl ?? null,
      ianaTimezone: "UTC",
      bucketSize: config.bucketSize ?? null,
      restoreRate: config.restoreRate ?? null,
      paginationLimit: config.paginationLimit ?? 25_000,
      bulkMinDurationMs: config.bulkMinDurationMs ?? 0,
      latencyMs: config.latencyMs ?? 0,
      staffEmails: config.staffEmails ?? [],
      protectedCustomerData: config.protectedCustomerData ?? "level2",
      createdAt: Date.UTC(2021, 0, 15),
    };
    const store = new ShopStore(settings, this.clock);
    const bucket = new LeakyBucket(
      settings.bucketSize ?? PLAN_LIMITS[plan].bucketSize,
      settings.restoreRate ?? PLAN_LIMITS[plan].restoreRate,
      this.clock,
    );
    const faults = previous?.faults ?? new Faults(this.clock);
    const seedSummary = config.seed === false ? null : seedShop(store, config.seed ?? {});
    for (const token of config.accessTokens ?? [])
      issueToken(store, { scope: this.config.scopes, now: this.clock.now(), token });
    // A reset keeps the app installed: tokens it already holds stay valid.
    if (previous) for (const [key, token] of previous.store.tokens) store.tokens.set(key, token);
    this.shops.set(domain, {
      store,
      bucket,
      faults,
      config,
      seedSummary,
      staffEdits: { pending: [], done: [] },
    });
    return store;
  }

  /**
   * Queues a staff tag edit for the shop's next bulk mutation (see
   * StaffEditDuringBulk); the customers must exist now.
   */
  queueStaffEditDuringBulk(domain: string, edit: StaffEditDuringBulk): void {
    const runtime = this.runtime(domain);
    if (!Array.isArray(edit.customerIds) || edit.customerIds.length === 0)
      throw new ActionError(400, "customerIds must list at least one customer");
    for (const id of edit.customerIds) {
      const numeric = typeof id === "number" ? id : Number(String(id).split("/").pop());
      if (!runtime.store.customers.has(numeric))
        throw new ActionError(404, `Customer ${id} does not exist`);
    }
    const afterLines = edit.afterLines ?? null;
    if (afterLines !== null && (!Number.isInteger(afterLines) || afterLines < 0))
      throw new ActionError(400, "afterLines must be a whole number (0 or more)");
    if (!edit.add?.length && !edit.remove?.length)
      throw new ActionError(400, "Give tags to add or remove");
    runtime.staffEdits.pending.push({ ...edit, afterLines });
  }

  private bulkMutationProgress(
    shop: ShopStore,
    op: BulkOperationRecord,
    linesDone: number,
    totalLines: number,
  ): void | Promise<void> {
    const runtime = this.shops.get(shop.domain);
    if (runtime && runtime.store === shop && runtime.staffEdits.pending.length) {
      const due = runtime.staffEdits.pending.filter(
        (e) => linesDone >= (e.afterLines ?? Math.ceil(totalLines / 2)),
      );
      runtime.staffEdits.pending = runtime.staffEdits.pending.filter((e) => !due.includes(e));
      const actions = new ShopActions(this.env, runtime);
      for (const edit of due) {
        const results = edit.customerIds.flatMap((id) => {
          if (!shop.customers.has(Number(String(id).split("/").pop()))) return [];
          const change = actions.editCustomerTags(id, edit);
          return [{ id: gid("Customer", change.customer.id), ...pick(change) }];
        });
        runtime.staffEdits.done.push({
          ...edit,
          operationId: gid("BulkOperation", op.id),
          atLine: linesDone,
          totalLines,
          at: new Date(this.clock.now()).toISOString(),
          results,
        });
      }
    }
    return this.hooks.duringBulkMutation?.({
      domain: shop.domain,
      operationId: gid("BulkOperation", op.id),
      linesDone,
      totalLines,
    });
  }

  /** Rebuilds a shop from its config (fresh seed data, same tokens). */
  resetShop(domain: string): ShopStore {
    const runtime = this.runtime(domain);
    this.webhooks.clear(runtime.store.domain);
    this.files.deletePrefix(`bulk/${runtime.store.settings.id}/`);
    runtime.faults.reset();
    return this.addShop(runtime.config);
  }

  has(domain: string): boolean {
    return this.shops.has(normalizeDomain(domain));
  }

  domains(): string[] {
    return [...this.shops.keys()];
  }

  runtime(domain: string): ShopRuntime {
    const runtime = this.shops.get(normalizeDomain(domain));
    if (!runtime) throw new ActionError(404, `Unknown shop ${domain}`);
    return runtime;
  }

  shop(domain: string): ShopStore {
    return this.runtime(domain).store;
  }

  actions(domain: string): ShopActions {
    return new ShopActions(this.env, this.runtime(domain));
  }

  setFaults(domain: string, update: FaultUpdate): void {
    this.runtime(domain).faults.configure(update);
  }

  outbox(domain: string): InviteEmail[] {
    return this.shop(domain).outbox;
  }

  deliveries(domain?: string): DeliveryAttempt[] {
    return this.webhooks.deliveries(domain ? normalizeDomain(domain) : undefined);
  }

  /** An offline token for this shop, as if the app had done a token exchange (scope: fewer scopes than granted). */
  issueAccessToken(
    domain: string,
    opts: { online?: boolean; userId?: number; scope?: string } = {},
  ): string {
    const store = this.shop(domain);
    store.installed = true;
    return issueToken(store, { scope: this.config.scopes, now: this.clock.now(), ...opts }).token;
  }

  /** Waits for pending webhook deliveries and bulk operations. */
  async idle(): Promise<void> {
    await this.bulk.idle();
    await this.webhooks.idle();
  }

  close(): void {
    this.webhooks.close();
  }
}

const pick = ({ added, removed }: { added: string[]; removed: string[] }) => ({ added, removed });
