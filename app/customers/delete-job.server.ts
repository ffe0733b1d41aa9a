import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { AudienceHooks, ItemOutcome, JobKind, KindContext } from "../jobs/kinds";

export const DELETE_JOB = "customer_delete";

export type DeleteParams = { deletionId: string };

const DELETE = `#graphql
  mutation PatronCustomerDelete($input: CustomerDeleteInput!) {
    customerDelete(input: $input) { deletedCustomerId userErrors { field message } }
  }`;

const EXISTS = `#graphql
  query PatronCustomerExists($id: ID!) {
    customer(id: $id) { id }
  }`;

type Payload = { deletedCustomerId: string | null; userErrors: UserError[] } | null | undefined;

/** Shopify refused: the customer became ineligible since the report (an order, a request…). */
function outcomeOf(payload: Payload): ItemOutcome {
  if (!payload) return { status: "failed", reason: "Shopify returned no result" };
  if (payload.userErrors.length)
    return { status: "skipped", reason: userErrorMessage(payload.userErrors) };
  return { status: "succeeded" };
}

/**
 * The eligibility report: Shopify's own canDelete says whether a customer can
 * go; orders are the reason Shopify names, anything else (a pending data
 * erasure, an active subscription) is what customerDelete would refuse.
 */
export const deleteAudience: AudienceHooks = {
  fields: "id canDelete numberOfOrders",
  async classify(nodes) {
    return nodes.map((node) => {
      if (node.canDelete) return { target: node.id };
      const orders = Number(node.numberOfOrders ?? 0);
      return { target: node.id, skip: orders > 0 ? "has_orders" : "not_deletable" };
    });
  },
};

/** A customer is deleted only when their profile is in the deletion's backup. */
async function backedUp(item: { target: string }, { db, shop, params }: KindContext) {
  const { deletionId } = params as DeleteParams;
  const record = await db.customerBackupRecord.findFirst({
    where: { shop, deletionId, customerId: item.target },
    select: { id: true },
  });
  return record !== null;
}

async function exists(item: { target: string }, { executor }: KindContext) {
  const { customer } = await executor.query<{ customer: { id: string } | null }>(EXISTS, {
    id: item.target,
  });
  return customer !== null;
}

/**
 * Deletes with customerDelete, paced, each customer only once their profile
 * is in the backup; a refusal is Shopify's reason, reported as skipped.
 */
export const deleteJob: JobKind = {
  audience: deleteAudience,
  async perform(item, context) {
    if (!(await backedUp(item, context))) return { status: "skipped", reason: "not_backed_up" };
    const data = await context.executor.mutate<{ customerDelete: Payload }>(DELETE, {
      input: { id: item.target },
    });
    const outcome = outcomeOf(data.customerDelete);
    // Deleted since the report (by staff): nothing left to do, and nothing was done.
    if (outcome.status === "skipped" && !(await exists(item, context)))
      return { status: "skipped", reason: "not_found" };
    return outcome;
  },
  async reconcile(item, context) {
    return (await exists(item, context)) ? { status: "not_applied" } : { status: "succeeded" };
  },
  // No bulk mutation: it would skip the backup check each deletion makes first.
};
