import type { TFunction } from "i18next";
import type { Database } from "../db/db.server";
import { DEFAULT_LOCALE, matchLocale } from "../i18n/config";
import { createI18n } from "../i18n/instance";
import { MailError, sendMail } from "./mail.server";
import { smtpSettings } from "./settings.server";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A notice to the merchant (an automation that stopped…) through their own
 * mail server, to the notice address set in Settings, in the language of
 * whoever set it. Without a server or an address nothing is sent: the app's
 * banner is the notice then. A mail server's refusal is reported, not thrown.
 */
export async function sendNotice(
  db: Database,
  shop: string,
  write: (t: TFunction) => { subject: string; text: string },
): Promise<{ sent: boolean; reason?: string }> {
  const row = await db.mailSettings.findUnique({
    where: { shop },
    select: { noticeAddress: true, noticeLocale: true },
  });
  if (!row?.noticeAddress) return { sent: false, reason: "no_address" };
  const settings = await smtpSettings(db, shop);
  if (!settings) return { sent: false, reason: "no_server" };
  const locale = matchLocale(row.noticeLocale) ?? DEFAULT_LOCALE;
  const { subject, text } = write(createI18n(locale).t);
  const html = text
    .split("\n\n")
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
  try {
    await sendMail(settings, { to: row.noticeAddress, subject, text, html });
    return { sent: true };
  } catch (error) {
    if (error instanceof MailError) return { sent: false, reason: error.code };
    throw error;
  }
}
