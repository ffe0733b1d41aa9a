import { z } from "zod";
import type { Database } from "../db/db.server";

export const DEFAULT_REVIEW_TAG = "military-address-review";

// A Shopify tag: at most 255 characters, and no comma (Shopify splits tags on commas).
export const ReviewTag = z
  .string()
  .trim()
  .min(1, "empty")
  .max(255, "too_long")
  .refine((tag) => !tag.includes(","), "comma");

export async function addressSettings(db: Database, shop: string) {
  const row = await db.addressSettings.findUnique({
    where: { shop },
    select: { reviewTag: true },
  });
  return { reviewTag: row?.reviewTag ?? DEFAULT_REVIEW_TAG };
}

export async function saveAddressSettings(
  db: Database,
  shop: string,
  input: { reviewTag: string },
) {
  const reviewTag = ReviewTag.parse(input.reviewTag);
  await db.addressSettings.upsert({
    where: { shop },
    create: { shop, reviewTag },
    update: { reviewTag },
  });
}
