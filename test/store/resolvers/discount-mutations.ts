import { parseDate, toCents } from "../format";
import { idArg, parseGid } from "../ids";
import type { BxgyTerms, DiscountContext, DiscountRecord, DiscountValue } from "../model";
import { discountPayload } from "../payloads";
import { asArray, asNumber, asRecord, asString, has } from "./args";
import type { Ctx, ResolverMap } from "./context";
import { discountStatus } from "./discounts";

interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  extraInfo: string | null;
}

function err(field: string[] | null, message: string, code: string): DiscountUserError {
  return { field, message, code, extraInfo: null };
}

function parseContext(
  ctx: Ctx,
  key: string,
  input: Record<string, unknown>,
  errors: DiscountUserError[],
): DiscountContext {
  const hasContext = has(input, "context");
  const hasSelection = has(input, "customerSelection");
  if (hasContext && hasSelection) {
    errors.push(
      err(
        [key, "customerSelection"],
        "Only one of context or customerSelection can be provided. customerSelection is deprecated: use context.",
        "INVALID",
      ),
    );
    return { kind: "all" };
  }
  const name = hasContext ? "context" : "customerSelection";
  const sel = asRecord(input[name]);
  if (!sel) {
    errors.push(err([key, "context"], "Context can't be blank", "BLANK"));
    return { kind: "all" };
  }
  const ids = (field: "customers" | "customerSegments", type: string): number[] | null => {
    const group = asRecord(sel[field]);
    if (!group) return null;
    return asArray(group.add).map((v) => {
      const parsed = typeof v === "string" ? parseGid(v) : null;
      return parsed && parsed.type === type ? parsed.id : -1;
    });
  };
  const customers = ids("customers", "Customer");
  if (customers) {
    if (customers.some((id) => !ctx.shop.customers.has(id)))
      errors.push(err([key, name, "customers", "add"], "Customer does not exist", "INVALID"));
    return { kind: "customers", customerIds: customers };
  }
  const segments = ids("customerSegments", "Segment");
  if (segments) {
    if (segments.some((id) => !ctx.shop.segments.has(id)))
      errors.push(err([key, name, "customerSegments", "add"], "Segment does not exist", "INVALID"));
    return { kind: "segments", segmentIds: segments };
  }
  if (sel.all === "ALL" || sel.all === true) return { kind: "all" };
  errors.push(
    err([key, name], "Context must select all buyers, customers or customer segments", "INVALID"),
  );
  return { kind: "all" };
}

function parseValue(
  key: string,
  input: Record<string, unknown>,
  errors: DiscountUserError[],
  updating = false,
): DiscountValue | null {
  const gets = asRecord(input.customerGets);
  if (!gets) {
    errors.push(err([key, "customerGets"], "Customer gets can't be blank", "BLANK"));
    return null;
  }
  if (!updating && !asRecord(gets.items))
    errors.push(err([key, "customerGets", "items"], "Items can't be blank", "BLANK"));
  const value = asRecord(gets.value);
  const at = [key, "customerGets", "value"];
  if (!value) {
    errors.push(err(at, "Value can't be blank", "BLANK"));
    return null;
  }
  const amount = asRecord(value.discountAmount);
  if (has(value, "percentage") && amount) {
    errors.push(err(at, "Only one of percentage or discountAmount can be provided", "INVALID"));
    return null;
  }
  if (has(value, "percentage")) {
    const pct = asNumber(value.percentage);
    if (pct === null || pct <= 0 || pct > 1) {
      errors.push(
        err([...at, "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE"),
      );
      return null;
    }
    return { kind: "percentage", percentage: pct };
  }
  if (amount) {
    const cents = toCents(amount.amount);
    if (cents === null || cents <= 0) {
      errors.push(
        err([...at, "discountAmount", "amount"], "Value must be greater than 0", "GREATER_THAN"),
      );
      return null;
    }
    return {
      kind: "amount",
      amountCents: cents,
      appliesOnEachItem: amount.appliesOnEachItem === true,
    };
  }
  errors.push(err(at, "Value must be a percentage or a discount amount", "INVALID"));
  return null;
}

/** customerBuys / customerGets of a BXGY input: buy N, get M at a percentage off (all items). */
function parseBxgy(
  key: string,
  input: Record<string, unknown>,
  errors: DiscountUserError[],
): BxgyTerms | undefined {
  const buys = asRecord(asRecord(input.customerBuys)?.value);
  const buysQuantity = asNumber(buys?.quantity);
  if (buysQuantity === null || buysQuantity < 1)
    errors.push(
      err(
        [key, "customerBuys", "value", "quantity"],
        "Quantity must be greater than 0",
        "GREATER_THAN",
      ),
    );
  const onQuantity = asRecord(asRecord(asRecord(input.customerGets)?.value)?.discountOnQuantity);
  const getsQuantity = asNumber(onQuantity?.quantity);
  if (getsQuantity === null || getsQuantity < 1)
    errors.push(
      err(
        [key, "customerGets", "value", "discountOnQuantity", "quantity"],
        "Quantity must be greater than 0",
        "GREATER_THAN",
      ),
    );
  const pct = asNumber(asRecord(onQuantity?.effect)?.percentage);
  if (pct === null || pct <= 0 || pct > 1)
    errors.push(
      err(
        [key, "customerGets", "value", "discountOnQuantity", "effect", "percentage"],
        "Value must be between 0.0 and 1.0",
        "VALUE_OUTSIDE_RANGE",
      ),
    );
  if (buysQuantity === null || getsQuantity === null || pct === null) return undefined;
  return {
    buysQuantity,
    getsQuantity,
    getsPercentage: pct,
    usesPerOrderLimit: asNumber(input.usesPerOrderLimit),
  };
}

function createDiscount(kind: "basic" | "freeShipping" | "bxgy", key: string) {
  return (_s: unknown, args: Record<string, unknown>, ctx: Ctx) => {
    const input = asRecord(args[key]) ?? {};
    const errors: DiscountUserError[] = [];
    const now = ctx.env.clock.now();
    const context = parseContext(ctx, key, input, errors);
    const title = (asString(input.title) ?? "").trim();
    if (!title) errors.push(err([key, "title"], "Title can't be blank", "BLANK"));
    const code = (asString(input.code) ?? "").trim();
    if (!code) errors.push(err([key, "code"], "Code can't be blank", "BLANK"));
    else if (code.length > 255)
      errors.push(err([key, "code"], "Code is too long (maximum is 255 characters)", "TOO_LONG"));
    else if (/[\r\n]/.test(code))
      errors.push(err([key, "code"], "Code cannot contain newline characters.", "INVALID"));
    else if (ctx.shop.discountByCode(code))
      errors.push(err([key, "code"], "Code must be unique. Please try a different code.", "TAKEN"));
    const startsAt = parseDate(input.startsAt);
    if (startsAt === null) errors.push(err([key, "startsAt"], "Starts at can't be blank", "BLANK"));
    const endsAt =
      input.endsAt === null || input.endsAt === undefined ? null : parseDate(input.endsAt);
    if (startsAt !== null && endsAt !== null && endsAt <= startsAt) {
      errors.push(
        err([key, "endsAt"], "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"),
      );
    }
    const value = kind === "basic" ? parseValue(key, input, errors) : null;
    const bxgy = kind === "bxgy" ? parseBxgy(key, input, errors) : undefined;
    const minimum = asRecord(input.minimumRequirement);
    const subtotal = asRecord(minimum?.subtotal);
    const quantity = asRecord(minimum?.quantity);
    if (subtotal && quantity) {
      errors.push(
        err(
          [key, "minimumRequirement"],
          "Minimum subtotal and quantity range can't both be present",
          "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT",
        ),
      );
    }
    const usageLimit =
      input.usageLimit === null || input.usageLimit === undefined
        ? null
        : asNumber(input.usageLimit);
    if (usageLimit !== null && usageLimit < 1)
      errors.push(err([key, "usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN"));
    const tags = asArray(input.tags).filter((t): t is string => typeof t === "string");
    if (tags.length > 5) errors.push(err([key, "tags"], "Tags can't exceed 5", "TOO_MANY_TAGS"));
    if (tags.some((t) => t.length > 255))
      errors.push(
        err([key, "tags"], "Tag is too long (maximum is 255 characters)", "INVALID_TAG_LENGTH"),
      );
    if (errors.length) return { codeDiscountNode: null, userErrors: errors };

    const combines = asRecord(input.combinesWith) ?? {};
    const discount: DiscountRecord = {
      __typename: "DiscountCodeNode",
      id: ctx.shop.nextId("discount"),
      kind,
      title,
      codes: [{ id: ctx.shop.nextId("code"), code, usageCount: 0 }],
      startsAt: startsAt!,
      endsAt,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      usageLimit,
      minimumSubtotalCents: subtotal ? toCents(subtotal.greaterThanOrEqualToSubtotal) : null,
      minimumQuantity: quantity ? asNumber(quantity.greaterThanOrEqualToQuantity) : null,
      context,
      value,
      maximumShippingPriceCents:
        kind === "freeShipping" ? toCents(input.maximumShippingPrice) : null,
      ...(bxgy ? { bxgy } : {}),
      combinesWith: {
        orderDiscounts: combines.orderDiscounts === true,
        productDiscounts: combines.productDiscounts === true,
        shippingDiscounts: combines.shippingDiscounts === true,
      },
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
      recurringCycleLimit: asNumber(input.recurringCycleLimit),
      tags,
      asyncUsageCount: 0,
      totalSalesCents: 0,
      usedByCustomerIds: new Set(),
      createdAt: now,
      updatedAt: now,
    };
    ctx.shop.addDiscount(discount);
    ctx.env.webhooks.emit(
      ctx.shop,
      "discounts/create",
      discountPayload(discount, discountStatus(discount, now)),
    );
    return { codeDiscountNode: discount, userErrors: [] };
  };
}

/** The fields an update compares to decide whether anything changed. */
function snapshot(d: DiscountRecord): string {
  const { usedByCustomerIds: _used, updatedAt: _at, ...rest } = d;
  return JSON.stringify(rest);
}

/**
 * discountCodeBasicUpdate / discountCodeFreeShippingUpdate: a partial update
 * (fields left out of the input keep their values; `endsAt: null` removes the
 * end date), checked with the same rules and messages as creation; an unknown
 * id (or a discount of another type, unverified) answers "Code discount does
 * not exist." on ["id"]. A change sends discounts/update; an update that
 * changes nothing sends none (unverified).
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicUpdate
 */
function updateDiscount(kind: "basic" | "freeShipping", key: string) {
  return (_s: unknown, args: Record<string, unknown>, ctx: Ctx) => {
    const d = findDiscount(ctx, String(args.id));
    if (!d || d.kind !== kind) return { codeDiscountNode: null, userErrors: missing() };
    const input = asRecord(args[key]) ?? {};
    const errors: DiscountUserError[] = [];
    const now = ctx.env.clock.now();
    const next: Partial<DiscountRecord> = {};
    if (has(input, "title")) {
      const title = (asString(input.title) ?? "").trim();
      if (!title) errors.push(err([key, "title"], "Title can't be blank", "BLANK"));
      else next.title = title;
    }
    let code: string | null = null;
    if (has(input, "code")) {
      code = (asString(input.code) ?? "").trim();
      const owner = code ? ctx.shop.discountByCode(code) : undefined;
      if (!code) errors.push(err([key, "code"], "Code can't be blank", "BLANK"));
      else if (code.length > 255)
        errors.push(err([key, "code"], "Code is too long (maximum is 255 characters)", "TOO_LONG"));
      else if (/[\r\n]/.test(code))
        errors.push(err([key, "code"], "Code cannot contain newline characters.", "INVALID"));
      else if (owner && owner.id !== d.id)
        errors.push(
          err([key, "code"], "Code must be unique. Please try a different code.", "TAKEN"),
        );
    }
    if (has(input, "startsAt")) {
      const startsAt = parseDate(input.startsAt);
      if (startsAt === null)
        errors.push(err([key, "startsAt"], "Starts at can't be blank", "BLANK"));
      else next.startsAt = startsAt;
    }
    if (has(input, "endsAt")) next.endsAt = input.endsAt === null ? null : parseDate(input.endsAt);
    const startsAt = next.startsAt ?? d.startsAt;
    const endsAt = next.endsAt === undefined ? d.endsAt : next.endsAt;
    if (endsAt !== null && endsAt <= startsAt)
      errors.push(
        err([key, "endsAt"], "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"),
      );
    if (has(input, "context") || has(input, "customerSelection"))
      next.context = parseContext(ctx, key, input, errors);
    if (kind === "basic" && has(input, "customerGets")) {
      const gets = asRecord(input.customerGets);
      if (gets && has(gets, "value")) {
        const value = parseValue(key, input, errors, true);
        if (value) next.value = value;
      }
    }
    if (has(input, "minimumRequirement")) {
      const minimum = asRecord(input.minimumRequirement);
      const subtotal = asRecord(minimum?.subtotal);
      const quantity = asRecord(minimum?.quantity);
      if (subtotal && quantity)
        errors.push(
          err(
            [key, "minimumRequirement"],
            "Minimum subtotal and quantity range can't both be present",
            "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT",
          ),
        );
      next.minimumSubtotalCents = subtotal ? toCents(subtotal.greaterThanOrEqualToSubtotal) : null;
      next.minimumQuantity = quantity ? asNumber(quantity.greaterThanOrEqualToQuantity) : null;
    }
    if (has(input, "usageLimit")) {
      const usageLimit = input.usageLimit === null ? null : asNumber(input.usageLimit);
      if (usageLimit !== null && usageLimit < 1)
        errors.push(err([key, "usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN"));
      next.usageLimit = usageLimit;
    }
    if (has(input, "appliesOncePerCustomer"))
      next.appliesOncePerCustomer = input.appliesOncePerCustomer === true;
    if (has(input, "recurringCycleLimit"))
      next.recurringCycleLimit = asNumber(input.recurringCycleLimit);
    if (kind === "freeShipping" && has(input, "maximumShippingPrice"))
      next.maximumShippingPriceCents = toCents(input.maximumShippingPrice);
    if (has(input, "combinesWith")) {
      const combines = asRecord(input.combinesWith) ?? {};
      next.combinesWith = {
        orderDiscounts: combines.orderDiscounts === true,
        productDiscounts: combines.productDiscounts === true,
        shippingDiscounts: combines.shippingDiscounts === true,
      };
    }
    if (has(input, "tags")) {
      const tags = asArray(input.tags).filter((t): t is string => typeof t === "string");
      if (tags.length > 5) errors.push(err([key, "tags"], "Tags can't exceed 5", "TOO_MANY_TAGS"));
      next.tags = tags;
    }
    if (errors.length) return { codeDiscountNode: null, userErrors: errors };

    const before = snapshot(d);
    Object.assign(d, next);
    if (code !== null && code !== d.codes[0]!.code) {
      // The code index follows the new code.
      ctx.shop.removeDiscount(d.id);
      d.codes[0] = { ...d.codes[0]!, code };
      ctx.shop.addDiscount(d);
    }
    if (snapshot(d) !== before) {
      d.updatedAt = now;
      ctx.env.webhooks.emit(
        ctx.shop,
        "discounts/update",
        discountPayload(d, discountStatus(d, now)),
      );
    }
    return { codeDiscountNode: d, userErrors: [] };
  };
}

function findDiscount(ctx: Ctx, id: string): DiscountRecord | undefined {
  const numeric = idArg(id, "DiscountCodeNode");
  return numeric === null ? undefined : ctx.shop.discounts.get(numeric);
}

const missing = () => [err(["id"], "Code discount does not exist.", "INVALID")];

function setActive(active: boolean) {
  return (_s: unknown, args: { id: string }, ctx: Ctx) => {
    const d = findDiscount(ctx, args.id);
    if (!d) return { codeDiscountNode: null, userErrors: missing() };
    const now = ctx.env.clock.now();
    const status = discountStatus(d, now);
    if (active && status !== "ACTIVE") {
      if (status === "SCHEDULED") d.startsAt = now;
      d.endsAt = null;
    } else if (!active && status !== "EXPIRED") {
      // Deactivating ends the discount now (it shows as EXPIRED).
      d.endsAt = now;
      if (d.startsAt > now) d.startsAt = now;
    }
    d.updatedAt = now;
    ctx.env.webhooks.emit(ctx.shop, "discounts/update", discountPayload(d, discountStatus(d, now)));
    return { codeDiscountNode: d, userErrors: [] };
  };
}

export const discountMutationResolvers: ResolverMap = {
  Mutation: {
    discountCodeBasicCreate: createDiscount("basic", "basicCodeDiscount"),
    discountCodeFreeShippingCreate: createDiscount("freeShipping", "freeShippingCodeDiscount"),
    discountCodeBxgyCreate: createDiscount("bxgy", "bxgyCodeDiscount"),
    discountCodeBasicUpdate: updateDiscount("basic", "basicCodeDiscount"),
    discountCodeFreeShippingUpdate: updateDiscount("freeShipping", "freeShippingCodeDiscount"),
    discountCodeActivate: setActive(true),
    discountCodeDeactivate: setActive(false),
    discountCodeDelete: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const d = findDiscount(ctx, args.id);
      if (!d) return { deletedCodeDiscountId: null, userErrors: missing() };
      ctx.shop.removeDiscount(d.id);
      ctx.env.webhooks.emit(
        ctx.shop,
        "discounts/delete",
        discountPayload(d, discountStatus(d, ctx.env.clock.now())),
      );
      return { deletedCodeDiscountId: args.id, userErrors: [] };
    },
  },
};
