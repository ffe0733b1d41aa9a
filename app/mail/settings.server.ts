import { z } from "zod";
import type { Database } from "../db/db.server";
import { env } from "../env.server";
import { MailError, sendMail, type SmtpSettings } from "./mail.server";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "./secrets.server";

/** Secrets at rest need PATRON_ENCRYPTION_KEY: without it, nothing secret is stored. */
export class MissingEncryptionKeyError extends Error {
  constructor() {
    super("PATRON_ENCRYPTION_KEY is not set: Patron cannot store secrets or personal data at rest");
    this.name = "MissingEncryptionKeyError";
  }
}

export function encryptionKey(): Buffer {
  if (!env.PATRON_ENCRYPTION_KEY) throw new MissingEncryptionKeyError();
  return parseEncryptionKey(env.PATRON_ENCRYPTION_KEY);
}

const email = z.string().trim().toLowerCase().email("not an email address").max(254);

/** The Settings page's form: an empty password keeps the one stored. */
export const MailSettingsInput = z.object({
  host: z
    .string()
    .trim()
    .min(1, "required")
    .max(253)
    .regex(/^[a-z0-9.-]+$/i, "a host name such as smtp.example.com"),
  port: z.coerce.number().int().min(1).max(65535),
  security: z.enum(["tls", "starttls", "none"]),
  user: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => v || null),
  password: z
    .string()
    .max(1024)
    .optional()
    .transform((v) => v || null),
  fromAddress: email,
  fromName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || null),
  noticeAddress: z
    .union([email, z.literal("")])
    .optional()
    .transform((v) => v || null),
});
export type MailSettingsInput = z.infer<typeof MailSettingsInput>;

/** What the page shows: everything but the password, which it only knows exists. */
export async function mailSettingsView(db: Database, shop: string) {
  const row = await db.mailSettings.findUnique({ where: { shop } });
  if (!row) return null;
  const { passwordSealed, ...view } = row;
  return {
    ...view,
    hasPassword: passwordSealed !== null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function saveMailSettings(
  db: Database,
  shop: string,
  input: MailSettingsInput,
  noticeLocale: string | null = null,
) {
  const { password, ...data } = input;
  const fields = { ...data, noticeLocale };
  const sealed = password ? encryptSecret(password, encryptionKey()) : undefined;
  await db.mailSettings.upsert({
    where: { shop },
    create: { shop, ...fields, passwordSealed: sealed ?? null },
    // A changed server needs checking again.
    update: { ...fields, ...(sealed ? { passwordSealed: sealed } : {}), verifiedAt: null },
  });
}

/** The settings to send with (the password decrypted), or null when none are saved. */
export async function smtpSettings(db: Database, shop: string): Promise<SmtpSettings | null> {
  const row = await db.mailSettings.findUnique({ where: { shop } });
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    security: row.security as SmtpSettings["security"],
    user: row.user,
    password: row.passwordSealed ? decryptSecret(row.passwordSealed, encryptionKey()) : null,
    fromAddress: row.fromAddress,
    fromName: row.fromName,
  };
}

export async function markVerified(db: Database, shop: string) {
  await db.mailSettings.updateMany({ where: { shop }, data: { verifiedAt: new Date() } });
}

/** The demo's mail capture, offered to fill the form (DEMO_SMTP_URL). */
export function demoMailServer() {
  if (!env.DEMO_SMTP_URL) return null;
  const url = new URL(env.DEMO_SMTP_URL);
  return { host: url.hostname, port: Number(url.port || 25), security: "none" as const };
}

/**
 * A test mail through the saved server, to whoever the merchant names: it
 * proves the settings work (they are marked verified), or says what failed in
 * the server's own words.
 */
export async function sendTestMail(
  db: Database,
  shop: string,
  to: string,
  words: { subject: string; text: string },
) {
  const settings = await smtpSettings(db, shop);
  if (!settings) return { ok: false as const, code: "not_configured", message: "" };
  try {
    await sendMail(settings, {
      to,
      subject: words.subject,
      text: words.text,
      html: `<p>${words.text}</p>`,
    });
  } catch (error) {
    if (error instanceof MailError)
      return { ok: false as const, code: error.code, message: error.message };
    throw error;
  }
  await markVerified(db, shop);
  return { ok: true as const };
}
