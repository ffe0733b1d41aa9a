import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { ShopApi } from "../admin-api/executor.server";

export type DiscountKind = "percentage" | "fixed_amount" | "free_shipping";

export type DiscountTerms = {
  kind: DiscountKind;
  /** Percent or amount (decimal string); null for free shipping. */
  value: string | null;
  code: string;
  title: string;
  /** Only this customer can use it (a unique code); null: anyone. */
  customerId: string | null;
  startsAt: Date;
  endsAt: Date | null;
  minimumSubtotal: string | null;
  /** A unique code is used once; a shared code once per customer. */
  usageLimit: number | null;
};

/** Shopify refused the discount (a taken code, a bad value): its words. */
export class DiscountError extends Error {
  override name = "DiscountError";
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

const BASIC = `#graphql
  mutation PatronOfferBasic($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const FREE_SHIPPING = `#graphql
  mutation PatronOfferFreeShipping($input: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const BY_CODE = `#graphql
  query PatronOfferByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }`;

const NODE = `#graphql
  query PatronOfferDiscount($id: ID!) {
    discountNode(id: $id) {
      id
      discount {
        __typename
        ... on DiscountCodeBasic {
          status endsAt title codes(first: 1) { nodes { code } }
          customerGets {
            value {
              __typename
              ... on DiscountPercentage { percentage }
              ... on DiscountAmount { amount { amount } }
            }
          }
          minimumRequirement {
            ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
          }
        }
        ... on DiscountCodeFreeShipping {
          status endsAt title codes(first: 1) { nodes { code } }
          minimumRequirement {
            ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
          }
        }
        ... on DiscountCodeBxgy { status endsAt title }
        ... on DiscountCodeApp { status endsAt title }
      }
    }
  }`;

type Payload = { codeDiscountNode: { id: string } | null; userErrors: UserError[] } | null;

function input(terms: DiscountTerms) {
  const common = {
    title: terms.title,
    code: terms.code,
    startsAt: terms.startsAt.toISOString(),
    endsAt: terms.endsAt?.toISOString() ?? null,
    context: terms.customerId ? { customers: { add: [terms.customerId] } } : { all: "ALL" },
    minimumRequirement: terms.minimumSubtotal
      ? { subtotal: { greaterThanOrEqualToSubtotal: terms.minimumSubtotal } }
      : null,
    usageLimit: terms.usageLimit,
    appliesOncePerCustomer: true,
  };
  if (terms.kind === "free_shipping") return { ...common, destination: { all: true } };
  return {
    ...common,
    customerGets: {
      items: { all: true },
      value:
        terms.kind === "percentage"
          ? { percentage: Number(terms.value) / 100 }
          : { discountAmount: { amount: terms.value, appliesOnEachItem: false } },
    },
  };
}

/** Makes the code discount; returns its id. */
export async function createDiscount(executor: ShopApi, terms: DiscountTerms): Promise<string> {
  const free = terms.kind === "free_shipping";
  const data = await executor.mutate<Record<string, Payload>>(free ? FREE_SHIPPING : BASIC, {
    input: input(terms),
  });
  const payload = data[free ? "discountCodeFreeShippingCreate" : "discountCodeBasicCreate"];
  if (!payload?.codeDiscountNode)
    throw new DiscountError(
      payload?.userErrors.length
        ? userErrorMessage(payload.userErrors)
        : "Shopify made no discount",
      (payload?.userErrors ?? []).map((e) => e.code ?? ""),
    );
  return payload.codeDiscountNode.id;
}

/** The discount that has this code, if any (a retry finds the one it made before). */
export async function discountIdByCode(executor: ShopApi, code: string) {
  const data = await executor.query<{ codeDiscountNodeByCode: { id: string } | null }>(BY_CODE, {
    code,
  });
  return data.codeDiscountNodeByCode?.id ?? null;
}

export type DiscountState = {
  type: string;
  status: string;
  endsAt: string | null;
  title: string;
  /** Its (first) code, for the types an automation can give. */
  code: string | null;
  /** What it gives, for the types an automation can give. */
  kind: DiscountKind | null;
  value: string | null;
  minimumSubtotal: string | null;
} | null;

/** A discount's type and status, or null when it was deleted. */
export async function discountState(executor: ShopApi, id: string): Promise<DiscountState> {
  const data = await executor.query<{
    discountNode: {
      discount: {
        __typename: string;
        status?: string;
        endsAt?: string | null;
        title?: string;
        codes?: { nodes: { code: string }[] };
        customerGets?: {
          value: { __typename: string; percentage?: number; amount?: { amount: string } };
        };
        minimumRequirement?: { greaterThanOrEqualToSubtotal?: { amount: string } } | null;
      };
    } | null;
  }>(NODE, { id });
  const discount = data.discountNode?.discount;
  return discount
    ? {
        type: discount.__typename,
        // An automatic discount has no code: not one an automation holds.
        status: discount.status ?? "",
        endsAt: discount.endsAt ?? null,
        title: discount.title ?? "",
        code: discount.codes?.nodes[0]?.code ?? null,
        ...givenBy(discount),
      }
    : null;
}

function givenBy(discount: {
  __typename: string;
  customerGets?: { value: { percentage?: number; amount?: { amount: string } } };
  minimumRequirement?: { greaterThanOrEqualToSubtotal?: { amount: string } } | null;
}): { kind: DiscountKind | null; value: string | null; minimumSubtotal: string | null } {
  const minimumSubtotal = discount.minimumRequirement?.greaterThanOrEqualToSubtotal?.amount ?? null;
  if (discount.__typename === "DiscountCodeFreeShipping")
    return { kind: "free_shipping", value: null, minimumSubtotal };
  const value = discount.customerGets?.value;
  if (value?.percentage !== undefined)
    // 0.15 → "15", without float noise.
    return {
      kind: "percentage",
      value: String(Math.round(value.percentage * 10_000) / 100),
      minimumSubtotal,
    };
  if (value?.amount) return { kind: "fixed_amount", value: value.amount.amount, minimumSubtotal };
  return { kind: null, value: null, minimumSubtotal };
}

/** The discount types an automation can give. */
export const USABLE_TYPES = ["DiscountCodeBasic", "DiscountCodeFreeShipping"];

const CODE_DISCOUNTS = `#graphql
  query PatronOfferCodeDiscounts($query: String!) {
    discountNodes(first: 50, query: $query, sortKey: TITLE) {
      nodes {
        id
        discount {
          __typename
          ... on DiscountCodeBasic {
            title status endsAt
            codes(first: 1) { nodes { code } }
          }
          ... on DiscountCodeFreeShipping {
            title status endsAt
            codes(first: 1) { nodes { code } }
          }
        }
      }
    }
  }`;

export type CodeDiscountChoice = { id: string; title: string; code: string; type: string };

/**
 * The store's active code discounts an automation can share (percentage,
 * fixed amount, free shipping), for the picker; a search narrows them.
 */
export async function listCodeDiscounts(
  executor: ShopApi,
  search = "",
): Promise<CodeDiscountChoice[]> {
  const words = search.replace(/["\\()]/g, " ").trim();
  // Everyone's codes only (context:all): a code restricted to some customers,
  // like the unique codes automations issue, cannot be shared.
  const query = [
    "method:code",
    "status:active",
    "context:all",
    "discount_type:percentage,fixed_amount,free_shipping",
    ...(words ? [`"${words}"`] : []),
  ].join(" AND ");
  const data = await executor.query<{
    discountNodes: {
      nodes: {
        id: string;
        discount: {
          __typename: string;
          title?: string;
          codes?: { nodes: { code: string }[] };
        };
      }[];
    };
  }>(CODE_DISCOUNTS, { query });
  return data.discountNodes.nodes
    .filter((n) => USABLE_TYPES.includes(n.discount.__typename) && n.discount.codes?.nodes[0])
    .map((n) => ({
      id: n.id,
      title: n.discount.title ?? "",
      code: n.discount.codes!.nodes[0]!.code,
      type: n.discount.__typename,
    }));
}
