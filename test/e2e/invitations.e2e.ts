import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type Demo } from "../store/demo";
import { appFrame, hydrated, launchBrowser, newPage, screenshot } from "./browser";

type OutboxMail = { customerId: string; to: string; subject: string };

/** The figure under a label on a campaign page ("Invited", "Accepted"…), as shown. */
async function figure(frame: Frame, label: string): Promise<string> {
  const cell = frame.locator("span", { hasText: new RegExp(`^${label}$`) }).first();
  return (await cell.locator("xpath=following-sibling::span[1]").textContent()) ?? "";
}

async function openApp(page: Page, locale: string, appPath: string): Promise<Frame> {
  await page.goto(`/?locale=${locale}&path=${encodeURIComponent(appPath)}`);
  const frame = appFrame(page);
  await hydrated(frame);
  return frame;
}

describe("account invitations in npm run demo, in a browser", () => {
  let demo: Demo;
  let browser: Browser;
  let db: Client;

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "patron-e2e-")), "demo.db")}`;
    demo = await startDemo({ port: 0, customers: 500, databaseUrl });
    browser = await launchBrowser();
    db = createClient({ url: demo.databaseUrl });
  });
  afterAll(async () => {
    db?.close();
    await browser?.close();
    await demo?.stop();
  });

  const rows = async (sql: string, ...args: string[]) =>
    (await db.execute({ sql, args })).rows as unknown as Record<string, string>[];

  it("a French merchant invites a tag with their own subject: preview, send, Shopify's mails, acceptance", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    let frame = await openApp(page, "fr", "/app/invitations/new");
    await frame.getByRole("textbox", { name: "Nom de la campagne" }).fill("Grossistes");
    await frame.getByText("Les clients ayant des balises", { exact: true }).click();
    await frame.getByRole("textbox", { name: "Balises" }).fill("wholesale");
    await frame.getByRole("tab", { name: "Français" }).click();
    await frame.getByRole("textbox", { name: "Objet" }).fill("Votre compte vous attend");
    await screenshot(page, "invitations-new-fr");
    await frame.getByRole("button", { name: "Prévisualiser l'audience" }).click();

    // The dry run checks every customer, then offers to send to exactly those it kept.
    const send = frame.getByRole("button", { name: /^Envoyer à \d+ clients?$/ });
    await expect.poll(() => send.isEnabled(), { timeout: 30_000 }).toBe(true);
    const willReceive = Number((await figure(frame, "Le recevront")).replace(/\D/g, ""));
    const audience = Number((await figure(frame, "Dans l'audience")).replace(/\D/g, ""));
    const leftOut = await frame.locator("table tbody tr td:last-child").allTextContents();
    expect(willReceive).toBeGreaterThan(0);
    expect(willReceive + leftOut.reduce((sum, n) => sum + Number(n.replace(/\D/g, "")), 0)).toBe(
      audience,
    );
    await screenshot(page, "invitations-preview-fr");

    await send.click();
    await frame
      .getByRole("dialog")
      .getByRole("button", { name: /^Envoyer à/ })
      .click();
    await frame.getByText("100 %").waitFor({ timeout: 60_000 });
    await frame.getByText("Envoyée", { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(page, "invitations-sent-fr");

    // Shopify sent exactly one invitation per customer the job marked as sent.
    const outbox = (await (
      await fetch(`${demo.url}/__simulator/shops/${demo.shop}/outbox`)
    ).json()) as OutboxMail[];
    const sent = await rows(
      `SELECT i."target" AS customerId FROM "JobItem" i JOIN "Campaign" c ON c."jobId" = i."jobId"
       WHERE c.shop = ? AND c.name = ? AND i.status = 'succeeded'`,
      demo.shop,
      "Grossistes",
    );
    expect(sent).toHaveLength(willReceive);
    expect(outbox.map((m) => m.customerId).sort()).toEqual(sent.map((r) => r.customerId).sort());
    // The French message went to French customers; the others got Shopify's own subject.
    const invitations = await rows(
      `SELECT "customerId", locale FROM "Invitation" WHERE shop = ?`,
      demo.shop,
    );
    const french = new Set(invitations.filter((i) => i.locale === "fr").map((i) => i.customerId));
    expect(french.size).toBeGreaterThan(0);
    for (const mail of outbox)
      expect(mail.subject === "Votre compte vous attend").toBe(french.has(mail.customerId));

    // Three customers accept in the store: the campaign's figures follow.
    const accepting = outbox.slice(0, 3);
    for (const mail of accepting) {
      const option = page.locator("#invited option", { hasText: `<${mail.to}>` });
      await page.locator("#invited").selectOption((await option.getAttribute("value"))!);
      await page.locator("#accept").click();
      await page
        .locator("#invited option", { hasText: `<${mail.to}>` })
        .waitFor({ state: "detached", timeout: 15_000 });
    }
    await expect
      .poll(
        async () =>
          (await rows(`SELECT count(*) AS n FROM "Invitation" WHERE status = 'accepted'`))[0]!.n,
        { timeout: 15_000 },
      )
      .toBe(3);
    frame = await openApp(page, "fr", new URL(frame.url()).pathname);
    await frame.getByText("Acceptation", { exact: true }).waitFor();
    expect(await figure(frame, "Acceptées")).toBe("3");
    const rate = new Intl.NumberFormat("fr", { style: "percent", maximumFractionDigits: 0 });
    expect(await figure(frame, "Taux d'acceptation")).toBe(
      rate.format(Math.floor((3 / willReceive) * 100) / 100),
    );
    await screenshot(page, "invitations-accepted-fr");
    expect(errors).toEqual([]);
  });

  it("with new customer accounts, a Swedish merchant sets up their mail server and sends sign-in invitations through it", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    await page.goto(`/?locale=sv`);
    await page.locator("#accounts").selectOption("NEW_CUSTOMER_ACCOUNTS/OPTIONAL");
    await page
      .locator('#deliveries li[data-topic="customer_account_settings/update"][data-status="200"]')
      .first()
      .waitFor({ timeout: 15_000 });

    let frame = await openApp(page, "sv", "/app/settings");
    await frame.getByRole("textbox", { name: "Avsändaradress" }).fill("hej@patron-demo.example");
    await frame.getByRole("button", { name: "Spara" }).first().click();
    await frame.getByText("Inte testad ännu").or(frame.getByText("Fungerar")).first().waitFor();
    await screenshot(page, "settings-mail-sv");

    frame = await openApp(page, "sv", "/app/invitations/new");
    await frame.getByText("Nya kundkonton", { exact: true }).waitFor();
    await frame.getByRole("textbox", { name: /^Kampanj/ }).fill("VIP logga in");
    await frame.getByText("Kunder med taggar", { exact: true }).click();
    await frame.getByRole("textbox", { name: "Taggar" }).fill("VIP");
    await frame.getByRole("button", { name: "Förhandsgranska målgruppen" }).click();
    const send = frame.getByRole("button", { name: /^Skicka till \d+ kunder?$/ });
    await expect.poll(() => send.isEnabled(), { timeout: 30_000 }).toBe(true);
    const willReceive = Number((await send.textContent())!.replace(/\D/g, ""));
    await send.click();
    await frame
      .getByRole("dialog")
      .getByRole("button", { name: /^Skicka till/ })
      .click();
    await frame.getByText("100 %").waitFor({ timeout: 60_000 });

    // Every sign-in mail went through the merchant's server (the SMTP capture), none through Shopify.
    await expect.poll(() => demo.mail.messages().length, { timeout: 15_000 }).toBe(willReceive);
    const mails = demo.mail.messages();
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(willReceive);
    expect(mails.every((m) => m.from?.includes("hej@patron-demo.example"))).toBe(true);
    await page.locator("#mail li[data-id]").first().waitFor({ timeout: 10_000 });
    await screenshot(page, "invitations-sign-in-sv");

    // A customer follows the mail's link: Patron counts the click and sends them to sign in.
    const link = /https?:\/\/\S+\/i\/[A-Za-z0-9._~-]+/.exec(mails[0]!.text ?? "")?.[0];
    expect(link).toBeDefined();
    const followed = await fetch(link!, { redirect: "manual" });
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toMatch(/\/account\/login|\/account/);
    frame = await openApp(page, "sv", new URL(frame.url()).pathname);
    await expect.poll(() => figure(frame, "Klick på länken"), { timeout: 10_000 }).toBe("1");
    await screenshot(page, "invitations-sign-in-clicks-sv");
    expect(errors).toEqual([]);
  });
});
