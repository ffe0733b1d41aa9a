/**
 * Record types held in memory per shop. Amounts are integer cents, times are
 * epoch milliseconds; GraphQL/REST formatting happens at the edges.
 * Records carry __typename so interface/union fields (Node, HasMetafields)
 * can resolve their concrete type.
 */
import type { SeedCase, SeedLabel } from "./seed-spam";

export type Plan = "STANDARD" | "ADVANCED" | "PLUS" | "ENTERPRISE";
export type AccountsVersion = "CLASSIC" | "NEW_CUSTOMER_ACCOUNTS";
export type AccountsSetting = "DISABLED" | "OPTIONAL" | "REQUIRED";
export type CustomerState = "DISABLED" | "INVITED" | "ENABLED" | "DECLINED";
export type MarketingState =
  "INVALID" | "NOT_SUBSCRIBED" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED";

export const PLANS: readonly Plan[] = ["STANDARD", "ADVANCED", "PLUS", "ENTERPRISE"];
export const CUSTOMER_STATES: readonly CustomerState[] = [
  "DISABLED",
  "INVITED",
  "ENABLED",
  "DECLINED",
];

export interface ShopSettings {
  id: number;
  name: string;
  email: string;
  myshopifyDomain: string;
  /** The online store's own domain (e.g. "demo-store.example"), what customers see. */
  primaryDomain: string;
  currencyCode: string;
  plan: Plan;
  partnerDevelopment: boolean;
  customerAccountsVersion: AccountsVersion;
  customerAccounts: AccountsSetting;
  /** null = derived from the account mode. */
  customerAccountUrl: string | null;
  ianaTimezone: string;
  /** Overrides of the plan's bucket size / restore rate (points, points per second). */
  bucketSize: number | null;
  restoreRate: number | null;
  /** Shopify caps offset-style pagination at 25,000 objects; 0 disables the cap. */
  paginationLimit: number;
  /** How long a bulk operation stays RUNNING at least (tests use it to hold ops open). */
  bulkMinDurationMs: number;
  /** Answer delay for GraphQL requests (the effect happens on arrival). */
  latencyMs: number;
  staffEmails: string[];
  /** The app's protected customer data approval (level 1: no names, emails, phones, addresses). */
  protectedCustomerData: "level1" | "level2";
  createdAt: number;
}

/**
 * Where customers sign in: new customer accounts live on shopify.com
 * (`https://shopify.com/<shop id>/account`), classic ones on the online store.
 */
export function customerAccountsUrl(s: ShopSettings): string {
  if (s.customerAccountUrl) return s.customerAccountUrl;
  return s.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS"
    ? `https://shopify.com/${s.id}/account`
    : // Classic accounts live on the online store, so on its primary domain.
      `https://${s.primaryDomain}/account/login`;
}

export interface Address {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface CustomerRecord {
  __typename: "Customer";
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  marketingState: MarketingState;
  marketingUpdatedAt: number | null;
  verifiedEmail: boolean;
  state: CustomerState;
  tags: string[];
  note: string | null;
  locale: string;
  createdAt: number;
  updatedAt: number;
  numberOfOrders: number;
  amountSpentCents: number;
  addresses: Address[];
  /** Index into addresses, -1 when none. */
  defaultAddressIndex: number;
  orderIds: number[] | null;
  pendingDataErasure: boolean;
  hasActiveSubscription: boolean;
  dataSaleOptOut: boolean;
  /**
   * When the customer was last sent an account invitation (epoch ms), set by
   * customerSendAccountInviteEmail; the invitation's link works for 30 days
   * after it (see actions.ts). Undefined for customers never invited here.
   */
  invitedAt?: number;
  /** When the latest order was placed (epoch ms), kept by ShopStore.addOrder. */
  lastOrderAt?: number;
  /**
   * The seeder's ground truth for measuring the spam finder: "spam" when it
   * made the customer as a spam sign-up (see seed-spam.ts for how, and how
   * circular that is). Never served: no resolver, payload or control view reads it.
   */
  seedLabel?: SeedLabel;
  /** A hard case of that measurement (seed-spam.ts), for the benchmark's breakdown. */
  seedCase?: SeedCase;
  /** Lower-cased domain of `email` (null without one), built lazily for segment queries. */
  emailDomain?: string | null;
  /** Lower-cased "first last email" for free-text search, built lazily. */
  searchText?: string;
}

export type DiscountCodeType = "percentage" | "fixed_amount" | "shipping";

/** A line of an order placed through the simulator (seeded orders have none). */
export interface LineItemRecord {
  id: number;
  title: string;
  variantTitle: string | null;
  quantity: number;
  /** Unit price, cents. */
  priceCents: number;
  productId: number | null;
  variantId: number | null;
  sku: string | null;
  vendor: string | null;
  grams: number;
}

/** One discount code applied to an order, with what it took off (cents). */
export interface OrderDiscountLine {
  code: string;
  amountCents: number;
  type: DiscountCodeType;
}

/** A refund made with the refundOrder action (or with a cancellation that refunds). */
export interface RefundRecord {
  id: number;
  createdAt: number;
  amountCents: number;
  note: string | null;
  /** Lines given back (a full refund returns every line; a partial amount-only refund none). */
  lineItems: { id: number; lineItemId: number; quantity: number; subtotalCents: number }[];
  transactionId: number;
}

export interface OrderRecord {
  __typename: "Order";
  id: number;
  number: number;
  name: string;
  customerId: number | null;
  email: string | null;
  discountCodes: string[];
  discountType: DiscountCodeType | null;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  currentTotalCents: number;
  currency: string;
  createdAt: number;
  processedAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  /** orderCancel's reason (OrderCancelReason), set with cancelledAt. */
  cancelReason?: string | null;
  /** Placed unpaid (financial status pending) until markPaid; seeded orders are paid. */
  unpaid?: boolean;
  /** Per code when several were used (placeOrder); seeded orders have one code in discountCodes. */
  discountLines?: OrderDiscountLine[];
  /** Refunds made through the simulator; refunded cents = totalCents - currentTotalCents. */
  refunds?: RefundRecord[];
  shippingAddress: Address | null;
  /** Orders placed with placeOrder have them; seeded orders do not (memory). */
  lineItems?: LineItemRecord[];
  test: boolean;
  tags: string[];
  note: string | null;
  sourceName: string;
}

export interface RedeemCode {
  id: number;
  code: string;
  usageCount: number;
}

export type DiscountContext =
  | { kind: "all" }
  | { kind: "customers"; customerIds: number[] }
  | { kind: "segments"; segmentIds: number[] };

export type DiscountValue =
  | { kind: "percentage"; percentage: number }
  | { kind: "amount"; amountCents: number; appliesOnEachItem: boolean };

/** A buy X get Y code discount: buy `buysQuantity` items, get `getsQuantity` at `getsPercentage` off. */
export interface BxgyTerms {
  buysQuantity: number;
  getsQuantity: number;
  /** 0..1; 1 = free. */
  getsPercentage: number;
  usesPerOrderLimit: number | null;
}

/** A code discount run by an app's discount function (the simulator applies `percentage`). */
export interface AppDiscountTerms {
  functionId: string;
  appKey: string;
  title: string;
  description: string | null;
  discountClass: "ORDER" | "PRODUCT" | "SHIPPING";
  /** What the simulated function takes off the subtotal (0..1). */
  percentage: number;
}

export type DiscountKind = "basic" | "freeShipping" | "bxgy" | "app";

export interface DiscountRecord {
  __typename: "DiscountCodeNode";
  id: number;
  kind: DiscountKind;
  title: string;
  codes: RedeemCode[];
  startsAt: number;
  endsAt: number | null;
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  minimumSubtotalCents: number | null;
  minimumQuantity: number | null;
  context: DiscountContext;
  /** Basic discounts only. */
  value: DiscountValue | null;
  maximumShippingPriceCents: number | null;
  /** BXGY discounts only. */
  bxgy?: BxgyTerms;
  /** App (function) discounts only. */
  app?: AppDiscountTerms;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  recurringCycleLimit: number | null;
  tags: string[];
  asyncUsageCount: number;
  totalSalesCents: number;
  /** Customers who used it, for appliesOncePerCustomer. */
  usedByCustomerIds: Set<number>;
  createdAt: number;
  updatedAt: number;
}

export interface SegmentRecord {
  __typename: "Segment";
  id: number;
  name: string;
  query: string;
  creationDate: number;
  lastEditDate: number;
}

export interface MetafieldRecord {
  __typename: "Metafield";
  id: number;
  ownerGid: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

export type BulkStatus =
  "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  __typename: "BulkOperation";
  id: number;
  type: "QUERY" | "MUTATION";
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  query: string;
  groupObjects: boolean;
  stagedUploadPath: string | null;
  clientIdentifier: string | null;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  /** Scopes of the token that started it: the operation runs with them. */
  scopes: ReadonlySet<string>;
}

export interface InviteEmail {
  customerId: string;
  to: string;
  from: string;
  subject: string;
  customMessage: string | null;
  body: string | null;
  bcc: string[];
  sentAt: string;
}

export interface AccessToken {
  token: string;
  shop: string;
  scope: string;
  online: boolean;
  userId: number | null;
  expiresAt: number | null;
}
