/**
 * Deterministic shop data: the same seed and `now` give the same shop.
 * Realistic shares: most customers DISABLED (never had an account), some
 * ENABLED / INVITED, few DECLINED; a third with orders; consent mixes;
 * French, Swedish, Norwegian and English names; bursts of spam sign-ups,
 * labelled as such, with hard cases for measuring the spam finder (see
 * seed-spam.ts); valid and invalid US military addresses; subscription
 * contracts (mostly with orders, a few without); a few discounts and segments.
 * Handles 100k customers in a few seconds (no per-customer faker calls).
 */
import type {
  Address,
  CustomerRecord,
  CustomerState,
  DiscountRecord,
  MarketingState,
  OrderRecord,
} from "./model";
import { Random } from "./random";
import {
  asciiFold,
  DISPOSABLE_DOMAINS,
  LOCALES,
  MILITARY_INVALID,
  MILITARY_VALID,
  SPAM_LINKS,
  TAG_WEIGHTS,
  type SeedLocale,
} from "./seed-data";
import { seedDiscounts, seedSegments } from "./seed-catalog";
import {
  HARD_CASE_SHARES,
  PLAUSIBLE_SPAM_DOMAINS,
  SEED_CASES,
  SPAM_TEMPLATES,
  TYPO_DOMAINS,
  UNUSUAL_NAMES,
  type SeedCase,
} from "./seed-spam";
import type { ShopStore } from "./state";

export interface SeedOptions {
  seed?: number;
  customers?: number;
  /** Anchor for all dates (epoch ms). Defaults to the start of today (UTC). */
  now?: number;
  locales?: Partial<Record<SeedLocale, number>>;
  /** Share of (non-spam) customers with orders. */
  orderShare?: number;
  /** Share of spam sign-ups. */
  spamShare?: number;
  /** Hard cases for the spam finder's measurement (seed-spam.ts); default true. */
  spamHardCases?: boolean;
  /** Share of customers with a US military address (about 2/3 valid). */
  militaryShare?: number;
  discounts?: boolean;
  segments?: boolean;
}

export interface SeedSummary {
  customers: number;
  orders: number;
  spam: number;
  /** Customers of each hard case of the spam measurement (seed-spam.ts). */
  hardCases: Record<SeedCase, number>;
  military: { valid: number; invalid: number };
  /** Customers with an active subscription contract, with and without orders. */
  subscriptions: { withOrders: number; withoutOrders: number };
  byState: Record<CustomerState, number>;
}

const DAY = 86_400_000;
const STATE_WEIGHTS: Record<CustomerState, number> = {
  DISABLED: 78,
  ENABLED: 14,
  INVITED: 6,
  DECLINED: 2,
};
const MARKETING_WEIGHTS: Record<MarketingState, number> = {
  SUBSCRIBED: 38,
  NOT_SUBSCRIBED: 45,
  UNSUBSCRIBED: 12,
  PENDING: 3,
  INVALID: 2,
};
const CONSONANTS = "bcdfghjklmnpqrstvwxz";

function randomWord(r: Random, min: number, max: number): string {
  let out = "";
  const len = r.int(min, max);
  for (let i = 0; i < len; i++)
    out += r.chance(0.85) ? CONSONANTS[r.int(0, CONSONANTS.length - 1)] : "aeiouy"[r.int(0, 5)];
  return out;
}

export function seedShop(store: ShopStore, options: SeedOptions = {}): SeedSummary {
  const r = new Random(options.seed ?? 42);
  const total = options.customers ?? 2000;
  const now = options.now ?? Math.floor(store.clock.now() / DAY) * DAY;
  const localeWeights = { fr: 30, sv: 25, nb: 25, en: 20, ...(options.locales ?? {}) } as Record<
    SeedLocale,
    number
  >;
  const orderShare = options.orderShare ?? 0.3;
  const spamShare = options.spamShare ?? 0.04;
  const militaryShare = options.militaryShare ?? 0.015;
  const span = 3 * 365 * DAY;
  const start = now - span;
  const emails = new Set<string>();
  const summary: SeedSummary = {
    customers: 0,
    orders: 0,
    spam: 0,
    hardCases: Object.fromEntries(SEED_CASES.map((c) => [c, 0])) as Record<SeedCase, number>,
    military: { valid: 0, invalid: 0 },
    subscriptions: { withOrders: 0, withoutOrders: 0 },
    byState: { DISABLED: 0, ENABLED: 0, INVITED: 0, DECLINED: 0 },
  };
  const discounts = options.discounts === false ? [] : seedDiscounts(store, now);
  const usable = discounts.filter((d) => d.startsAt <= now);

  const planned: { customer: CustomerRecord; when: number }[] = [];
  let id = store.nextId("customer");
  let last = start;
  let burstLeft = 0;
  const avgBurst = 25;
  // The hard cases draw from a stream of their own: the main stream's draws,
  // and so every other customer, order and address, stay what they were.
  const hard = new Random(((options.seed ?? 42) ^ 0x5bd1e995) >>> 0);
  const hardCases = options.spamHardCases !== false;
  let plausibleBurst = false;
  let template = SPAM_TEMPLATES[0]!;
  let rushLeft = 0;

  const uniqueEmail = (local: string, domain: string): string => {
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  };

  for (let i = 0; i < total; i++) {
    if (burstLeft === 0 && r.chance(spamShare / avgBurst)) {
      burstLeft = r.int(10, 40);
      plausibleBurst = hardCases && hard.chance(HARD_CASE_SHARES.plausibleBursts);
      template = hard.pick(SPAM_TEMPLATES);
    }
    const spam = burstLeft > 0;
    const base = start + Math.floor((i / total) * span);
    let createdAt = spam
      ? last + r.int(1, 5) * 1000
      : Math.max(base + r.int(0, Math.floor(span / total / 2)), last + 1000);
    let seedCase: SeedCase | undefined;
    if (spam && plausibleBurst) {
      // A slower bot: one sign-up every 15 to 90 seconds.
      createdAt = last + hard.int(15, 90) * 1000;
      seedCase = "plausible_spam";
    } else if (!spam && hardCases) {
      // A rush of real sign-ups (a sale, a post): 15 to 30 within minutes.
      if (rushLeft > 0) {
        createdAt = last + hard.int(10, 90) * 1000;
        rushLeft--;
        seedCase = "signup_rush";
      } else if (hard.chance(HARD_CASE_SHARES.signupRush / 22)) {
        rushLeft = hard.int(14, 29);
        seedCase = "signup_rush";
      }
    }
    last = createdAt;
    if (spam) burstLeft--;

    const locale = r.weighted(localeWeights);
    const data = LOCALES[locale];
    let firstName: string | null;
    let lastName: string | null;
    let email: string | null;
    if (spam) {
      summary.spam++;
      firstName = r.chance(0.3) ? r.pick(SPAM_LINKS) : randomWord(r, 6, 10);
      lastName = r.chance(0.5) ? randomWord(r, 5, 9) : firstName;
      email = uniqueEmail(
        randomWord(r, 6, 12) + (r.chance(0.5) ? r.int(10, 9999) : ""),
        r.chance(0.7) ? r.pick(DISPOSABLE_DOMAINS) : "gmail.com",
      );
      if (seedCase === "plausible_spam") {
        // Real names, the burst's one email template, a big provider. (The
        // random address drawn above stays reserved, so later ones are unchanged.)
        firstName = hard.pick(data.firstNames);
        lastName = hard.pick(data.lastNames);
        email = uniqueEmail(
          template(asciiFold(firstName), asciiFold(lastName), hard),
          hard.pick(PLAUSIBLE_SPAM_DOMAINS),
        );
      }
    } else {
      firstName = r.pick(data.firstNames);
      lastName = r.pick(data.lastNames);
      const f = asciiFold(firstName);
      const l = asciiFold(lastName);
      const local = r.weighted({
        [`${f}.${l}`]: 5,
        [`${f}${l}`]: 2,
        [`${f[0]}.${l}`]: 2,
        [`${f}_${l}${r.int(1, 99)}`]: 1,
      });
      email = r.chance(0.025) ? null : uniqueEmail(local, r.weighted(data.emailDomains));
      if (hardCases && email !== null) {
        const domain = email.slice(email.indexOf("@") + 1);
        const other = (caseOf: SeedCase, newLocal: string, newDomain: string) => {
          seedCase ??= caseOf;
          email = uniqueEmail(newLocal, newDomain);
        };
        if (hard.chance(HARD_CASE_SHARES.unusualName)) {
          const person = hard.pick(UNUSUAL_NAMES);
          firstName = person.first;
          lastName = person.last;
          other("unusual_name", person.local, domain);
        } else if (hard.chance(HARD_CASE_SHARES.yearEmail)) {
          const year = hard.int(1950, 2006);
          other("year_email", hard.chance(0.5) ? `${f}${l}${year}` : `${f}.${l}${year}`, domain);
        } else if (hard.chance(HARD_CASE_SHARES.disposableGenuine)) {
          other("disposable_genuine", local, hard.pick(DISPOSABLE_DOMAINS));
        } else if (hard.chance(HARD_CASE_SHARES.typoGenuine)) {
          other("typo_genuine", local, hard.pick(TYPO_DOMAINS));
        }
      }
    }
    if (seedCase) summary.hardCases[seedCase]++;

    const state: CustomerState = spam
      ? r.chance(0.1)
        ? "ENABLED"
        : "DISABLED"
      : r.weighted(STATE_WEIGHTS);
    summary.byState[state]++;
    const marketingState: MarketingState = email
      ? spam
        ? r.chance(0.5)
          ? "SUBSCRIBED"
          : "NOT_SUBSCRIBED"
        : r.weighted(MARKETING_WEIGHTS)
      : "NOT_SUBSCRIBED";

    const addresses: Address[] = [];
    if (!spam && r.chance(militaryShare)) {
      const valid = r.chance(2 / 3);
      const a = valid ? { ...r.pick(MILITARY_VALID), countryCode: "US" } : r.pick(MILITARY_INVALID);
      addresses.push({
        id: store.nextId("address"),
        firstName,
        lastName,
        company: null,
        address1: a.address1,
        address2: null,
        city: a.city,
        province: a.province,
        provinceCode: a.provinceCode,
        country: a.countryCode === "US" ? "United States" : "Germany",
        countryCode: a.countryCode,
        zip: a.zip,
        phone: null,
      });
      if (valid) summary.military.valid++;
      else summary.military.invalid++;
    } else if (!spam && r.chance(0.75)) {
      const count = r.chance(0.12) ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const place = r.pick(data.places);
        const street = r.pick(data.streets);
        const number = r.int(1, 180);
        addresses.push({
          id: store.nextId("address"),
          firstName,
          lastName,
          company: r.chance(0.05) ? `${lastName} AB` : null,
          address1: data.numberFirst ? `${number} ${street}` : `${street} ${number}`,
          address2: r.chance(0.1) ? `Apt ${r.int(1, 40)}` : null,
          city: place.city,
          province: place.province,
          provinceCode: place.provinceCode,
          country: data.country,
          countryCode: data.countryCode,
          zip: place.zip,
          phone: null,
        });
      }
    }

    const tags: string[] = [];
    if (!spam) {
      for (const [tag, weight] of Object.entries(TAG_WEIGHTS)) {
        if (r.chance(weight / 100) && !tags.some((t) => t.toLowerCase() === tag.toLowerCase()))
          tags.push(tag);
      }
    }

    const customer: CustomerRecord = {
      __typename: "Customer",
      id,
      firstName,
      lastName,
      email,
      phone:
        !spam && (email === null || r.chance(0.35))
          ? `${data.phonePrefix}${r.int(1_000_000, 9_999_999)}`
          : null,
      marketingState,
      marketingUpdatedAt: marketingState === "NOT_SUBSCRIBED" ? null : createdAt,
      verifiedEmail: spam ? false : r.chance(0.92),
      state,
      tags: tags.sort((a, b) => a.localeCompare(b)),
      note: !spam && r.chance(0.03) ? "Prefers delivery after 5pm" : null,
      locale: data.shopLocale,
      createdAt,
      updatedAt: createdAt,
      numberOfOrders: 0,
      amountSpentCents: 0,
      addresses,
      defaultAddressIndex: addresses.length ? 0 : -1,
      orderIds: null,
      pendingDataErasure: r.chance(0.005),
      hasActiveSubscription: false,
      dataSaleOptOut: r.chance(0.02),
      seedLabel: spam ? "spam" : undefined,
      seedCase,
    };
    // Invited in the last 40 days (no extra random draw: other seeds stay the
    // same), so about a fifth of the invitations' 30-day links have expired.
    if (state === "INVITED")
      customer.invitedAt = Math.max(createdAt, now - (id % 40) * DAY - (id % 86_400) * 1000);
    store.addCustomer(customer);
    summary.customers++;

    if (!spam && email !== null && r.chance(orderShare)) {
      let count = 1;
      while (count < 12 && r.chance(0.45)) count++;
      // Order times spread evenly over the customer's life, so recent windows
      // (the last 30 or 60 days) hold a realistic share of orders.
      const lifetimeS = Math.max(2, Math.floor((now - createdAt) / 1000) - 1);
      const times = Array.from(
        { length: count },
        () => createdAt + r.int(1, lifetimeS) * 1000,
      ).sort((a, b) => a - b);
      for (const when of times) planned.push({ customer, when });
      customer.hasActiveSubscription = r.chance(0.04);
      if (customer.hasActiveSubscription) summary.subscriptions.withOrders++;
      // Through the store so the tag index knows it.
      if (count > 1 && r.chance(0.5)) store.addCustomerTags(customer, ["returning"]);
    } else {
      if (r.chance(0.2))
        customer.updatedAt = createdAt + r.int(0, Math.floor((now - createdAt) / 1000)) * 1000;
      // About 1 in 80 customers without orders holds a subscription contract
      // (created by a subscription app or migrated, not through an order): the
      // one reason customerDelete refuses them. Picked by id, without a random
      // draw, so every other seeded value stays as it was.
      if (!spam && email !== null && !customer.pendingDataErasure && id % 80 === 7) {
        customer.hasActiveSubscription = true;
        summary.subscriptions.withoutOrders++;
      }
    }
    id = store.nextId("customer");
  }
  // Orders get ids and numbers in time order, as Shopify assigns them.
  planned.sort((a, b) => a.when - b.when);
  for (const { customer, when } of planned) {
    const order = seedOrder(store, r, customer, when, usable);
    store.addOrder(order);
    customer.numberOfOrders++;
    customer.amountSpentCents += order.totalCents;
    customer.updatedAt = Math.max(customer.updatedAt, when);
    summary.orders++;
  }
  if (options.segments !== false) seedSegments(store, now);
  return summary;
}

function seedOrder(
  store: ShopStore,
  r: Random,
  c: CustomerRecord,
  when: number,
  discounts: DiscountRecord[],
): OrderRecord {
  const subtotal = r.int(15, 250) * 100 + r.pick([0, 50, 90, 95]);
  const shipping = r.pick([0, 490, 590, 990]);
  let discountCents = 0;
  let discountType: OrderRecord["discountType"] = null;
  const codes: string[] = [];
  const d = discounts.length && r.chance(0.15) ? r.pick(discounts) : null;
  if (d && d.startsAt <= when && (d.endsAt === null || when < d.endsAt)) {
    codes.push(d.codes[0]!.code);
    if (d.kind === "freeShipping") {
      discountType = "shipping";
      discountCents = shipping;
    } else if (d.value?.kind === "percentage") {
      discountType = "percentage";
      discountCents = Math.round(subtotal * d.value.percentage);
    } else {
      discountType = "fixed_amount";
      discountCents = Math.min(subtotal, d.value?.amountCents ?? 0);
    }
  }
  const totalCents = subtotal + shipping - discountCents;
  if (d && codes.length) {
    d.asyncUsageCount++;
    d.codes[0]!.usageCount++;
    d.totalSalesCents += totalCents;
    d.usedByCustomerIds.add(c.id);
  }
  const number = store.nextOrderNumber;
  const refunded = r.chance(0.03) ? Math.round(totalCents / 2) : 0;
  return {
    __typename: "Order",
    id: store.nextId("order"),
    number,
    name: `#${number}`,
    customerId: c.id,
    email: c.email,
    discountCodes: codes,
    discountType,
    subtotalCents: subtotal,
    discountCents,
    shippingCents: shipping,
    taxCents: 0,
    totalCents,
    currentTotalCents: totalCents - refunded,
    currency: store.settings.currencyCode,
    createdAt: when,
    processedAt: when,
    updatedAt: when,
    cancelledAt: null,
    // Shared with the customer's address record: seeded data never mutates it.
    shippingAddress: c.addresses[c.defaultAddressIndex] ?? null,
    test: r.chance(0.01),
    tags: [],
    note: null,
    sourceName: r.chance(0.9) ? "web" : "pos",
  };
}
