import { z } from "zod";

// Who a bulk action is for, as the merchant built it: one source and the
// default exclusions. Shared by invitation campaigns and customer management.

const gid = z.string().regex(/^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/, "not a customer id");
// Shopify's tags: case-insensitive, no commas, at most 255 characters.
const tag = z
  .string()
  .trim()
  .min(1, "empty tag")
  .max(255, "longer than 255 characters")
  .refine((t) => !t.includes(","), "tags cannot contain a comma");

export const AudienceSource = z.discriminatedUnion("type", [
  z.object({ type: z.literal("all") }),
  z.object({ type: z.literal("search"), query: z.string().trim().min(1).max(2000) }),
  z.object({
    type: z.literal("tags"),
    tags: z.array(tag).min(1).max(50),
    match: z.enum(["any", "all"]).default("any"),
  }),
  z.object({
    type: z.literal("segment"),
    segmentId: z.string().regex(/^gid:\/\/shopify\/Segment\/\d+$/, "not a segment id"),
  }),
  z.object({ type: z.literal("csv"), uploadId: z.string().min(1).max(40) }),
  z.object({ type: z.literal("manual"), customerIds: z.array(gid).min(1).max(1000) }),
]);
export type AudienceSource = z.infer<typeof AudienceSource>;

export const Exclusions = z.object({
  /** Customers who declined an invitation are left out (those with an account always are). */
  declined: z.boolean().default(true),
  /** Customers Patron invited in the last N days are left out; null: none are. */
  recentDays: z.number().int().min(1).max(365).nullable().default(30),
  /** Only customers subscribed to email marketing. */
  requireConsent: z.boolean().default(true),
  /** Customers with this tag are left out. */
  excludeTag: tag.nullable().default(null),
});
export type Exclusions = z.infer<typeof Exclusions>;

export const AudienceSpec = z.object({ source: AudienceSource, exclusions: Exclusions });
export type AudienceSpec = z.infer<typeof AudienceSpec>;

/** Why a customer of the audience is left out, in the order they are checked. */
export const SKIP_REASONS = [
  "enabled",
  "declined",
  "no_email",
  "excluded_tag",
  "no_consent",
  "invited_recently",
  "email_invalid",
  "email_disposable",
  "email_typo",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Tags as Shopify keeps them: trimmed, compared without case, each once. */
export function normaliseTags(tags: string[]) {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    const t = raw.trim();
    if (t && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  }
  return [...seen.values()];
}
