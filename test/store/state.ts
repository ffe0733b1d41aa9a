import type { Clock } from "./clock";
import type { ShopStatus } from "./shop-status";
import type {
  AccessToken,
  BulkOperationRecord,
  CustomerRecord,
  DiscountRecord,
  InviteEmail,
  MetafieldRecord,
  OrderRecord,
  SegmentRecord,
  ShopSettings,
} from "./model";

/** First ids handed out; Shopify ids are large, and apps must not assume small ones. */
const ID_BASES = {
  customer: 7_400_000_000_000,
  order: 5_600_000_000_000,
  address: 8_800_000_000_000,
  discount: 1_400_000_000_000,
  code: 16_000_000_000_000,
  segment: 510_000_000_000,
  metafield: 29_000_000_000_000,
  bulk: 4_300_000_000_000,
  lineItem: 13_900_000_000_000,
  refund: 920_000_000_000,
  refundLineItem: 1_080_000_000_000,
  transaction: 6_200_000_000_000,
} as const;

type Sequence = keyof typeof ID_BASES;

/**
 * All state of one shop, with the indexes search needs:
 * ids in ascending order (default sort, cursors by binary search), tags by
 * lower-cased name, and emails. Mutate customers only through these methods
 * so the indexes stay right.
 */
export class ShopStore {
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly discounts = new Map<number, DiscountRecord>();
  readonly segments = new Map<number, SegmentRecord>();
  readonly bulkOperations = new Map<number, BulkOperationRecord>();
  /** ownerGid → "namespace\u0000key" → metafield */
  readonly metafields = new Map<string, Map<string, MetafieldRecord>>();
  readonly outbox: InviteEmail[] = [];
  /** When each invitation email was sent (epoch ms, ascending): the daily invite limit counts them. */
  private readonly inviteTimes: number[] = [];
  readonly activationUrls = new Map<number, { url: string; expiresAt: number }>();
  readonly tokens = new Map<string, AccessToken>();
  installed = true;
  /** Frozen, locked or inactive shops refuse Admin API requests (shop-status.ts). */
  status: ShopStatus = "active";
  /** Bumped on every customer change; sort caches key on it. */
  version = 0;
  nextOrderNumber = 1001;

  private readonly next: Record<Sequence, number> = { ...ID_BASES };
  private customerIdList: number[] | null = null;
  private orderIdList: number[] | null = null;
  private readonly tagIndex = new Map<string, Set<number>>();
  private readonly tagDisplay = new Map<string, string>();
  /** Sorted id lists per tag, rebuilt lazily after a change to that tag. */
  private readonly tagSorted = new Map<string, number[]>();
  private readonly emailIndex = new Map<string, number>();
  private readonly codeIndex = new Map<string, number>();

  constructor(
    public settings: ShopSettings,
    readonly clock: Clock,
  ) {}

  get domain(): string {
    return this.settings.myshopifyDomain;
  }

  nextId(sequence: Sequence): number {
    return this.next[sequence]++;
  }

  /** Makes later ids larger than `id` (used when seeding with explicit ids). */
  reserveId(sequence: Sequence, id: number): void {
    if (id >= this.next[sequence]) this.next[sequence] = id + 1;
  }

  // ---- customers -------------------------------------------------------

  addCustomer(customer: CustomerRecord): CustomerRecord {
    this.reserveId("customer", customer.id);
    this.customers.set(customer.id, customer);
    if (this.customerIdList) {
      const last = this.customerIdList[this.customerIdList.length - 1];
      if (last === undefined || customer.id > last) this.customerIdList.push(customer.id);
      else this.customerIdList = null;
    }
    for (const tag of customer.tags) this.indexTag(tag, customer.id);
    if (customer.email) this.emailIndex.set(customer.email.toLowerCase(), customer.id);
    this.version++;
    return customer;
  }

  removeCustomer(id: number): void {
    const customer = this.customers.get(id);
    if (!customer) return;
    for (const tag of customer.tags) this.unindexTag(tag, id);
    if (customer.email) this.emailIndex.delete(customer.email.toLowerCase());
    this.customers.delete(id);
    this.customerIdList = null;
    this.metafields.delete(`gid://shopify/Customer/${id}`);
    this.version++;
  }

  /** Changes a customer's email, keeping the email index (and derived caches) right. */
  setCustomerEmail(customer: CustomerRecord, email: string | null): void {
    if (customer.email) this.emailIndex.delete(customer.email.toLowerCase());
    customer.email = email;
    if (email) this.emailIndex.set(email.toLowerCase(), customer.id);
    customer.emailDomain = undefined;
    customer.searchText = undefined;
  }

  touchCustomer(customer: CustomerRecord): void {
    customer.updatedAt = this.clock.now();
    this.version++;
  }

  /** Customer ids in ascending order (the default ID sort). */
  customerIds(): readonly number[] {
    if (!this.customerIdList)
      this.customerIdList = [...this.customers.keys()].sort((a, b) => a - b);
    return this.customerIdList;
  }

  customerIdsWithTag(tag: string): ReadonlySet<number> {
    return this.tagIndex.get(tag.toLowerCase()) ?? EMPTY;
  }

  /** Ascending ids of customers with this tag (cached; do not mutate). */
  customerIdsWithTagSorted(tag: string): readonly number[] {
    const key = tag.toLowerCase();
    let sorted = this.tagSorted.get(key);
    if (!sorted) {
      sorted = [...(this.tagIndex.get(key) ?? EMPTY)].sort((a, b) => a - b);
      this.tagSorted.set(key, sorted);
    }
    return sorted;
  }

  customerIdByEmail(email: string): number | undefined {
    return this.emailIndex.get(email.toLowerCase());
  }

  /** Tag names in use across customers (first-seen casing), for shop.customerTags. */
  customerTagNames(): string[] {
    const names: string[] = [];
    for (const [key, ids] of this.tagIndex)
      if (ids.size > 0) names.push(this.tagDisplay.get(key) ?? key);
    return names.sort((a, b) => a.localeCompare(b));
  }

  /**
   * Adds tags case-insensitively: "VIP" is not added when "vip" exists
   * (the existing casing stays). Returns the tags actually added.
   */
  addCustomerTags(customer: CustomerRecord, tags: readonly string[]): string[] {
    const present = new Set(customer.tags.map((t) => t.toLowerCase()));
    const added: string[] = [];
    for (const tag of tags) {
      const lower = tag.toLowerCase();
      if (present.has(lower)) continue;
      present.add(lower);
      customer.tags.push(tag);
      this.indexTag(tag, customer.id);
      added.push(tag);
    }
    if (added.length) customer.tags.sort((a, b) => a.localeCompare(b));
    return added;
  }

  removeCustomerTags(customer: CustomerRecord, tags: readonly string[]): string[] {
    const remove = new Set(tags.map((t) => t.toLowerCase()));
    const removed = customer.tags.filter((t) => remove.has(t.toLowerCase()));
    if (removed.length === 0) return removed;
    customer.tags = customer.tags.filter((t) => !remove.has(t.toLowerCase()));
    for (const tag of removed) this.unindexTag(tag, customer.id);
    return removed;
  }

  searchText(customer: CustomerRecord): string {
    customer.searchText ??=
      `${customer.firstName ?? ""} ${customer.lastName ?? ""} ${customer.email ?? ""}`.toLowerCase();
    return customer.searchText;
  }

  private unindexTag(tag: string, id: number): void {
    const key = tag.toLowerCase();
    this.tagIndex.get(key)?.delete(id);
    this.tagSorted.delete(key);
  }

  private indexTag(tag: string, id: number): void {
    const key = tag.toLowerCase();
    this.tagSorted.delete(key);
    let ids = this.tagIndex.get(key);
    if (!ids) {
      this.tagIndex.set(key, (ids = new Set()));
      this.tagDisplay.set(key, tag);
    }
    ids.add(id);
  }

  // ---- invitations -----------------------------------------------------

  /** Records an invitation email sent at `at` (kept sorted: the clock may be set back). */
  recordInvite(at: number): void {
    const times = this.inviteTimes;
    let i = times.length;
    while (i > 0 && times[i - 1]! > at) i--;
    times.splice(i, 0, at);
  }

  /** Invitation emails sent in the window (from, to] (binary search: fast on big campaigns). */
  invitesSentBetween(from: number, to: number): number {
    const upper = (t: number) => {
      let lo = 0;
      let hi = this.inviteTimes.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.inviteTimes[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return upper(to) - upper(from);
  }

  // ---- orders ----------------------------------------------------------

  addOrder(order: OrderRecord): OrderRecord {
    this.reserveId("order", order.id);
    if (order.number >= this.nextOrderNumber) this.nextOrderNumber = order.number + 1;
    this.orders.set(order.id, order);
    this.orderIdList = null;
    if (order.customerId !== null) {
      const customer = this.customers.get(order.customerId);
      if (customer) {
        (customer.orderIds ??= []).push(order.id);
        if (customer.lastOrderAt === undefined || order.createdAt > customer.lastOrderAt)
          customer.lastOrderAt = order.createdAt;
      }
    }
    return order;
  }

  /**
   * Order tags as Shopify keeps them (recorded answers, API 2025-01:
   * https://github.com/airhorns/shopify-draft-proxy,
   * fixtures/conformance/…/products/tags-add-multi-resource.json): adding is
   * case-insensitive ("red" to ["Red"] stays ["Red"]) and the list is sorted
   * case-insensitively (["b", "A"] → ["A", "b", "Red"]); removing is
   * case-SENSITIVE on orders ("red" leaves "Red"), unlike customers.
   * Returns the tags actually added / removed.
   */
  addOrderTags(order: OrderRecord, tags: readonly string[]): string[] {
    const present = new Set(order.tags.map((t) => t.toLowerCase()));
    const added: string[] = [];
    for (const tag of tags) {
      if (present.has(tag.toLowerCase())) continue;
      present.add(tag.toLowerCase());
      order.tags.push(tag);
      added.push(tag);
    }
    if (added.length) order.tags.sort(compareTags);
    return added;
  }

  removeOrderTags(order: OrderRecord, tags: readonly string[]): string[] {
    const remove = new Set(tags);
    const removed = order.tags.filter((t) => remove.has(t));
    if (removed.length) order.tags = order.tags.filter((t) => !remove.has(t));
    return removed;
  }

  orderIds(): readonly number[] {
    if (!this.orderIdList) this.orderIdList = [...this.orders.keys()].sort((a, b) => a - b);
    return this.orderIdList;
  }

  // ---- discounts -------------------------------------------------------

  addDiscount(discount: DiscountRecord): DiscountRecord {
    this.reserveId("discount", discount.id);
    this.discounts.set(discount.id, discount);
    for (const code of discount.codes) {
      this.reserveId("code", code.id);
      this.codeIndex.set(code.code.toLowerCase(), discount.id);
    }
    return discount;
  }

  removeDiscount(id: number): DiscountRecord | undefined {
    const discount = this.discounts.get(id);
    if (!discount) return undefined;
    for (const code of discount.codes) this.codeIndex.delete(code.code.toLowerCase());
    this.discounts.delete(id);
    return discount;
  }

  /** Codes are unique shop-wide, case-insensitively. */
  discountByCode(code: string): DiscountRecord | undefined {
    const id = this.codeIndex.get(code.trim().toLowerCase());
    return id === undefined ? undefined : this.discounts.get(id);
  }

  // ---- metafields ------------------------------------------------------

  metafield(ownerGid: string, namespace: string, key: string): MetafieldRecord | undefined {
    return this.metafields.get(ownerGid)?.get(`${namespace}\u0000${key}`);
  }

  metafieldsOf(ownerGid: string): MetafieldRecord[] {
    return [...(this.metafields.get(ownerGid)?.values() ?? [])];
  }

  putMetafield(record: MetafieldRecord): void {
    let owned = this.metafields.get(record.ownerGid);
    if (!owned) this.metafields.set(record.ownerGid, (owned = new Map()));
    owned.set(`${record.namespace}\u0000${record.key}`, record);
  }
}

const EMPTY: ReadonlySet<number> = new Set();

/** Case-insensitive order, as Shopify lists tags ("A", "b", "Red"). */
export function compareTags(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
