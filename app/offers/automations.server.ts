import { z } from "zod";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import {
  createDiscount,
  DiscountError,
  discountIdByCode,
  discountState,
  USABLE_TYPES,
  type DiscountKind,
} from "./discounts.server";
import { parseAmount, parsePercentage } from "./money";

/** An automation as the merchant fills the form (amounts as typed). */
export const AutomationInput = z.object({
  name: z.string().trim().min(1, "required").max(120),
  discountKind: z.enum(["percentage", "fixed_amount", "free_shipping"]),
  value: z.string().trim().max(20).default(""),
  codeMode: z.enum(["shared", "unique"]),
  /** Shared mode: the code to create, or an existing code discount to use. */
  sharedCode: z
    .string()
    .trim()
    .max(255)
    .regex(/^[^\s,]*$/, "no spaces or commas")
    .default(""),
  existingDiscountId: z
    .string()
    .regex(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/, "not a discount")
    .nullable()
    .default(null),
  validityDays: z.coerce.number().int().min(1, "1 to 365").max(365, "1 to 365"),
  minimumSubtotal: z.string().trim().max(20).default(""),
  qualifies: z.enum(["first_order", "any_order", "over_amount"]),
  qualifyAmount: z.string().trim().max(20).default(""),
  oncePerCustomer: z.boolean().default(true),
  activate: z.boolean().default(false),
});
export type AutomationInput = z.infer<typeof AutomationInput>;

/** Field → message code, for the form. */
export type AutomationErrors = Record<string, string>;

export class AutomationInputError extends Error {
  constructor(readonly errors: AutomationErrors) {
    super("invalid automation");
  }
}

/** The terms checked against the shop's currency; every problem named at once. */
export function checkTerms(input: AutomationInput, currencyCode: string) {
  const errors: AutomationErrors = {};
  // An existing shared discount gives what Shopify says it gives: the form's
  // value and minimum are not used, so not checked.
  const ownTerms = !(input.codeMode === "shared" && input.existingDiscountId);
  let value: string | null = null;
  if (ownTerms && input.discountKind === "percentage") {
    value = parsePercentage(input.value);
    if (!value) errors.value = "percentage";
  } else if (ownTerms && input.discountKind === "fixed_amount") {
    value = parseAmount(input.value, currencyCode);
    if (!value) errors.value = "amount";
  }
  const minimumSubtotal =
    ownTerms && input.minimumSubtotal ? parseAmount(input.minimumSubtotal, currencyCode) : null;
  if (ownTerms && input.minimumSubtotal && !minimumSubtotal) errors.minimumSubtotal = "amount";
  const qualifyAmount =
    input.qualifies === "over_amount" ? parseAmount(input.qualifyAmount, currencyCode) : null;
  if (input.qualifies === "over_amount" && !qualifyAmount) errors.qualifyAmount = "amount";
  if (input.codeMode === "shared" && !input.existingDiscountId && !input.sharedCode)
    errors.sharedCode = "required";
  return { errors, value, minimumSubtotal, qualifyAmount };
}

/**
 * Makes an automation. A shared code is made (or an existing one adopted)
 * before anything is saved: a code Shopify refuses leaves nothing half-made.
 */
export async function createAutomation(
  db: Database,
  executor: ShopApi,
  shop: string,
  input: AutomationInput,
  { currencyCode, staff }: { currencyCode: string; staff: string | null },
) {
  const terms = checkTerms(input, currencyCode);
  if (Object.keys(terms.errors).length) throw new AutomationInputError(terms.errors);
  let discountId: string | null = null;
  let code: string | null = null;
  let given: { kind: DiscountKind | null; value: string | null; minimumSubtotal: string | null } = {
    kind: null,
    value: null,
    minimumSubtotal: null,
  };
  if (input.codeMode === "shared") {
    if (input.existingDiscountId) {
      // Picked from the list a moment ago: still there, and of a kind it can give?
      const picked = await discountState(executor, input.existingDiscountId);
      if (!picked || !USABLE_TYPES.includes(picked.type) || picked.status === "EXPIRED")
        throw new AutomationInputError({ existingDiscountId: "discount" });
      discountId = input.existingDiscountId;
      code = picked.code;
      // The offer is what the discount gives, not what the form said.
      given = picked;
    } else {
      code = input.sharedCode;
      if (await discountIdByCode(executor, code))
        throw new AutomationInputError({ sharedCode: "taken" });
      try {
        discountId = await createDiscount(executor, {
          kind: input.discountKind as DiscountKind,
          value: terms.value,
          code,
          title: input.name,
          customerId: null,
          startsAt: new Date(),
          endsAt: null,
          minimumSubtotal: terms.minimumSubtotal,
          usageLimit: null,
        });
      } catch (error) {
        if (error instanceof DiscountError)
          throw new AutomationInputError({
            sharedCode: error.codes.includes("TAKEN") ? "taken" : "refused",
            shopify: error.message,
          });
        throw error;
      }
    }
  }
  return db.offerAutomation.create({
    data: {
      shop,
      name: input.name,
      status: input.activate ? "active" : "draft",
      discountKind: given.kind ?? input.discountKind,
      value: given.kind ? given.value : terms.value,
      currencyCode,
      codeMode: input.codeMode,
      discountId,
      code,
      validityDays: input.validityDays,
      minimumSubtotal: given.kind ? given.minimumSubtotal : terms.minimumSubtotal,
      qualifies: input.qualifies,
      qualifyAmount: terms.qualifyAmount,
      oncePerCustomer: input.oncePerCustomer,
      createdBy: staff,
    },
  });
}

/**
 * Edits what the next offers will be; offers already issued keep the terms
 * they were issued on (each issued offer holds its own copy). A shared code
 * stays the same discount: its value is Shopify's, edited there.
 */
export async function updateAutomation(
  db: Database,
  shop: string,
  id: string,
  input: AutomationInput,
) {
  const automation = await db.offerAutomation.findFirst({ where: { id, shop } });
  if (!automation) return null;
  const terms = checkTerms(
    {
      ...input,
      codeMode: automation.codeMode as "shared" | "unique",
      existingDiscountId: automation.discountId,
    },
    automation.currencyCode,
  );
  if (Object.keys(terms.errors).length) throw new AutomationInputError(terms.errors);
  return db.offerAutomation.update({
    where: { id, shop },
    data: {
      name: input.name,
      ...(automation.codeMode === "unique"
        ? {
            discountKind: input.discountKind,
            value: terms.value,
            minimumSubtotal: terms.minimumSubtotal,
          }
        : {}),
      validityDays: input.validityDays,
      qualifies: input.qualifies,
      qualifyAmount: terms.qualifyAmount,
      oncePerCustomer: input.oncePerCustomer,
    },
  });
}

const MOVES: Record<string, { from: string[]; to: string }> = {
  activate: { from: ["draft", "paused"], to: "active" },
  pause: { from: ["active"], to: "paused" },
  // A suspended automation comes back once its discount is fixed (checked by the caller).
  resume: { from: ["suspended"], to: "active" },
};

/** Draft → active → paused and back; issued codes stay usable whatever the state. */
export async function setAutomationState(
  db: Database,
  shop: string,
  id: string,
  move: keyof typeof MOVES,
) {
  const { from, to } = MOVES[move]!;
  const { count } = await db.offerAutomation.updateMany({
    where: { id, shop, status: { in: from } },
    data: { status: to, ...(to === "active" ? { suspendedReason: null, suspendedAt: null } : {}) },
  });
  return count === 1;
}

/**
 * Deletes the automation and its metrics; the codes it issued stay usable
 * (their discounts are Shopify's, and customers hold them).
 */
export async function deleteAutomation(db: Database, shop: string, id: string) {
  const automation = await db.offerAutomation.findFirst({ where: { id, shop } });
  if (!automation) return false;
  await db.offerEvent.deleteMany({ where: { shop, automationId: id } });
  await db.issuedOffer.updateMany({
    where: { shop, automationId: id },
    data: { automationId: `deleted:${id}` },
  });
  await db.offerAutomation.deleteMany({ where: { id, shop } });
  return true;
}

export function findAutomation(db: Database, shop: string, id: string) {
  return db.offerAutomation.findFirst({ where: { id, shop } });
}

export function listAutomations(db: Database, shop: string) {
  return db.offerAutomation.findMany({ where: { shop }, orderBy: { createdAt: "desc" } });
}

/** Automations that stopped themselves: every page that lists them says so. */
export function suspendedAutomations(db: Database, shop: string) {
  return db.offerAutomation.findMany({
    where: { shop, status: "suspended" },
    select: { id: true, name: true, status: true, suspendedReason: true },
    orderBy: { suspendedAt: "desc" },
  });
}
