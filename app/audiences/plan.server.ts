import type { Database } from "../db/db.server";
import type { AudiencePlan } from "../jobs/audience.server";
import type { AudienceSource } from "./spec";
import { uploadCustomers } from "./uploads.server";

/** A tag in Shopify's customer search syntax: quoted when it has spaces or quotes. */
function tagTerm(tag: string) {
  return /^[\w-]+$/.test(tag) ? `tag:${tag}` : `tag:"${tag.replace(/["\\]/g, "\\$&")}"`;
}

/** What the engine reads for a source: a search, a segment or a list of customers. */
export async function audiencePlan(
  db: Database,
  shop: string,
  source: AudienceSource,
): Promise<AudiencePlan> {
  switch (source.type) {
    case "all":
      return { query: "" };
    case "search":
      return { query: source.query };
    case "tags":
      return { query: source.tags.map(tagTerm).join(source.match === "all" ? " AND " : " OR ") };
    case "segment":
      return { segmentId: source.segmentId };
    case "manual":
      return { ids: [...new Set(source.customerIds)] };
    case "csv":
      return { ids: await uploadCustomers(db, shop, source.uploadId) };
  }
}
