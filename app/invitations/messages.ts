import { z } from "zod";

export const LOCALES = ["en", "fr", "sv", "nb"] as const;
export type Locale = (typeof LOCALES)[number];

const text = (max: number) => z.string().trim().max(max);

/** One language's message: empty subject and body mean Shopify's (or Patron's) default. */
export const LocalMessage = z.object({
  subject: text(255).default(""),
  body: text(5000).default(""),
});
export type LocalMessage = z.infer<typeof LocalMessage>;

const email = z.string().trim().toLowerCase().email("not an email address").max(254);

export const CampaignMessage = z.object({
  /** The message for customers whose language has none of its own. */
  fallback: LocalMessage,
  byLocale: z.record(z.enum(LOCALES), LocalMessage).default({}),
  from: email.nullable().default(null),
  bcc: z.array(email).max(5).default([]),
});
export type CampaignMessage = z.infer<typeof CampaignMessage>;

/** The customer's language (Shopify's locale, "fr-CA" → fr), when Patron has it. */
export function localeOf(tag: string | null | undefined): Locale | null {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  if (base === "no" || base === "nn") return "nb";
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : null;
}

/** The message in the customer's language when one was written, else the campaign's fallback. */
export function messageFor(message: CampaignMessage, locale: string | null | undefined) {
  const own = localeOf(locale);
  const local = own ? message.byLocale[own] : undefined;
  return local && (local.subject || local.body) ? local : message.fallback;
}

// Patron's own words for the sign-in invitation (new customer accounts), used
// when the merchant writes none. {{shop}} is the store's name.
const SIGN_IN_DEFAULTS: Record<
  Locale,
  { subject: string; body: string; button: string; footer: string }
> = {
  en: {
    subject: "Your account at {{shop}}",
    body: "You can now sign in to your account at {{shop}} with just your email address: we send you a one-time code, no password needed. See your orders, track deliveries and check out faster.",
    button: "Sign in to your account",
    footer: "You receive this email as a customer of {{shop}}.",
  },
  fr: {
    subject: "Votre compte chez {{shop}}",
    body: "Vous pouvez désormais vous connecter à votre compte chez {{shop}} avec votre seule adresse e-mail : nous vous envoyons un code à usage unique, sans mot de passe. Retrouvez vos commandes, suivez vos livraisons et payez plus vite.",
    button: "Me connecter à mon compte",
    footer: "Vous recevez cet e-mail en tant que client de {{shop}}.",
  },
  sv: {
    subject: "Ditt konto hos {{shop}}",
    body: "Nu kan du logga in på ditt konto hos {{shop}} med bara din e-postadress: vi skickar en engångskod, inget lösenord behövs. Se dina beställningar, följ leveranser och handla snabbare.",
    button: "Logga in på mitt konto",
    footer: "Du får det här mejlet som kund hos {{shop}}.",
  },
  nb: {
    subject: "Kontoen din hos {{shop}}",
    body: "Nå kan du logge inn på kontoen din hos {{shop}} med bare e-postadressen din: vi sender deg en engangskode, uten passord. Se bestillingene dine, følg leveranser og betal raskere.",
    button: "Logg inn på kontoen min",
    footer: "Du får denne e-posten som kunde hos {{shop}}.",
  },
};

const fill = (template: string, shop: string) => template.replaceAll("{{shop}}", shop);

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * The sign-in invitation as the customer receives it: the merchant's words
 * (or Patron's, in the customer's language) and one button to the store's
 * customer account page, through the tracked link.
 */
export function signInMail({
  message,
  locale,
  shopName,
  link,
}: {
  message: CampaignMessage;
  locale: string | null | undefined;
  shopName: string;
  link: string;
}) {
  const lang = localeOf(locale) ?? "en";
  const defaults = SIGN_IN_DEFAULTS[lang];
  const own = messageFor(message, locale);
  const subject = fill(own.subject || defaults.subject, shopName);
  const body = fill(own.body || defaults.body, shopName);
  const footer = fill(defaults.footer, shopName);
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  const html = `<!doctype html><html lang="${lang}"><body style="margin:0;padding:24px;background:#f6f6f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#202223">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:32px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(shopName)}</h1>
${paragraphs}
<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:#202223;color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;display:inline-block">${escapeHtml(defaults.button)}</a></p>
<p style="font-size:12px;color:#6d7175;margin:24px 0 0">${escapeHtml(footer)}</p>
</div></body></html>`;
  const text = `${body}\n\n${defaults.button}: ${link}\n\n${footer}\n`;
  return { subject, html, text };
}
