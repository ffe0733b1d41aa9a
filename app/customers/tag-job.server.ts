import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { AudienceHooks, ItemOutcome, JobKind, KindContext } from "../jobs/kinds";
import { tagChange } from "./tags";

export const TAGS_ADD_JOB = "tags_add";
export const TAGS_REMOVE_JOB = "tags_remove";

/** The tags an item is to get or lose; after the call, the ones this job changed. */
export type TagItem = { tags: string[] };
export type TagParams = { tags: string[] };

const CUSTOMER_TAGS = `#graphql
  query PatronCustomerTags($id: ID!) {
    customer(id: $id) { id tags }
  }`;

const ADD = `#graphql
  mutation PatronTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { userErrors { field message } }
  }`;

const REMOVE = `#graphql
  mutation PatronTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) { userErrors { field message } }
  }`;

type Payload = { userErrors: UserError[] } | null | undefined;

function outcomeOf(payload: Payload): ItemOutcome {
  if (!payload) return { status: "failed", reason: "Shopify returned no result" };
  if (payload.userErrors.length)
    return { status: "failed", reason: userErrorMessage(payload.userErrors) };
  return { status: "succeeded" };
}

async function currentTags(item: { target: string }, { executor }: KindContext) {
  const { customer } = await executor.query<{ customer: { tags: string[] } | null }>(
    CUSTOMER_TAGS,
    { id: item.target },
  );
  return customer?.tags ?? null;
}

/**
 * Adds or removes tags with tagsAdd / tagsRemove only, never a write of the
 * whole list: a staff member's edit at the same moment is never overwritten.
 * Each item records the tags this job actually changed, read from Shopify
 * just before the call, so an undo reverses exactly that: a customer who had
 * the tag already, or was tagged by staff since the audience was read, keeps it.
 */
function tagKind(op: "add" | "remove"): JobKind {
  const mutation = op === "add" ? ADD : REMOVE;
  const field = op === "add" ? "tagsAdd" : "tagsRemove";
  const nothing = op === "add" ? "already_tagged" : "no_tag";
  const audience: AudienceHooks = {
    fields: "id tags",
    async classify(nodes, context) {
      const { tags } = context.params as TagParams;
      return nodes.map((node) => {
        const change = tagChange(op, tags, (node.tags as string[] | undefined) ?? []);
        return change.length
          ? { target: node.id, data: { tags: change } satisfies TagItem }
          : { target: node.id, skip: nothing };
      });
    },
  };
  return {
    audience,
    async perform(item, context) {
      const wanted = (item.data as TagItem).tags;
      const current = await currentTags(item, context);
      if (!current) return { status: "skipped", reason: "not_found" };
      const change = tagChange(op, wanted, current);
      if (!change.length) return { status: "skipped", reason: nothing };
      const data = await context.executor.mutate<Record<string, Payload>>(mutation, {
        id: item.target,
        tags: change,
      });
      const outcome = outcomeOf(data[field]);
      return outcome.status === "succeeded"
        ? { status: "succeeded", data: { tags: change } satisfies TagItem }
        : outcome;
    },
    async reconcile(item, context) {
      const wanted = (item.data as TagItem).tags;
      const current = await currentTags(item, context);
      if (!current) return { status: "skipped", reason: "not_found" };
      // Applied when nothing is left to change; it may have been ours or staff's.
      return tagChange(op, wanted, current).length
        ? { status: "not_applied" }
        : { status: "succeeded" };
    },
    // A bulk mutation sends what the audience read found to change: a tag
    // staff add between that read and the operation is counted as the job's.
    bulk: {
      mutation,
      variables: (item) => ({ id: item.target, tags: (item.data as TagItem).tags }),
      outcome: (data) => outcomeOf((data as Record<string, Payload>)[field]),
    },
  };
}

export const tagsAddJob = tagKind("add");
export const tagsRemoveJob = tagKind("remove");
