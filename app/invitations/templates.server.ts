import { z } from "zod";
import type { Database } from "../db/db.server";
import { LOCALES, type CampaignMessage } from "./messages";

export const TemplateInput = z.object({
  kind: z.enum(["account_invite", "sign_in"]),
  locale: z.enum(LOCALES),
  name: z.string().trim().min(1, "required").max(80),
  subject: z.string().trim().max(255).default(""),
  body: z.string().trim().max(5000).default(""),
});
export type TemplateInput = z.infer<typeof TemplateInput>;

export function listTemplates(db: Database, shop: string) {
  return db.messageTemplate.findMany({
    where: { shop },
    orderBy: [{ kind: "asc" }, { locale: "asc" }, { name: "asc" }],
    select: {
      id: true,
      kind: true,
      locale: true,
      name: true,
      subject: true,
      body: true,
      updatedAt: true,
    },
  });
}

/** Saves a template (one name per kind and language: saving again replaces it). */
export async function saveTemplate(db: Database, shop: string, input: TemplateInput) {
  const { kind, locale, name, subject, body } = input;
  return db.messageTemplate.upsert({
    where: { shop_kind_locale_name: { shop, kind, locale, name } },
    create: { shop, kind, locale, name, subject, body },
    update: { subject, body },
  });
}

export async function deleteTemplate(db: Database, shop: string, id: string) {
  const { count } = await db.messageTemplate.deleteMany({ where: { id, shop } });
  return count === 1;
}

/**
 * The message of campaigns made without a person (after a first order): the
 * latest template of each language; none at all means the default (Shopify's
 * invitation, or Patron's sign-in mail).
 */
export async function templatesMessage(
  db: Database,
  shop: string,
  kind: "account_invite" | "sign_in",
): Promise<CampaignMessage> {
  const rows = await db.messageTemplate.findMany({
    where: { shop, kind },
    orderBy: { updatedAt: "desc" },
  });
  const byLocale: CampaignMessage["byLocale"] = {};
  for (const row of rows) {
    const locale = row.locale as (typeof LOCALES)[number];
    byLocale[locale] ??= { subject: row.subject, body: row.body };
  }
  return { fallback: { subject: "", body: "" }, byLocale, from: null, bcc: [] };
}
