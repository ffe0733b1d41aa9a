import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type Demo } from "../store/demo";
import { appFrame, hydrated, launchBrowser, newPage, screenshot } from "./browser";

async function openApp(page: Page, appPath: string, locale = "nb"): Promise<Frame> {
  await page.goto(`/?locale=${locale}&path=${encodeURIComponent(appPath)}`);
  const frame = appFrame(page);
  await hydrated(frame);
  return frame;
}

describe("customer management in npm run demo, in a browser (Norwegian)", () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "patron-e2e-")), "demo.db")}`;
    demo = await startDemo({ port: 0, customers: 500, databaseUrl });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const store = () => demo.simulator.shop(demo.shop);
  const tagsOf = () => new Map([...store().customers.values()].map((c) => [c.id, [...c.tags]]));

  it("tags an audience, then the undo gives every customer exactly their original tags", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    const before = tagsOf();
    let frame = await openApp(page, "/app/customers/tags");
    await frame
      .getByRole("textbox", { name: "Tagger som skal legges til eller fjernes" })
      .fill("Høst, VIP");
    await frame.getByText("Kunder med tagger", { exact: true }).click();
    await frame.getByRole("textbox", { name: "Tagger", exact: true }).fill("newsletter");
    await screenshot(page, "customers-tags-nb");
    await frame.getByRole("button", { name: "Forhåndsvis endringen" }).click();
    const apply = frame.getByRole("button", { name: /^Legg til på \d+ kunder?$/ });
    await expect.poll(() => apply.isEnabled(), { timeout: 30_000 }).toBe(true);
    await screenshot(page, "customers-tags-preview-nb");
    await apply.click();
    await frame.getByText("100 %").waitFor({ timeout: 60_000 });
    const audience = [...store().customers.values()].filter((c) =>
      c.tags.some((t) => t.toLowerCase() === "newsletter"),
    );
    for (const c of audience) expect(c.tags).toContain("Høst");
    await screenshot(page, "customers-tags-done-nb");

    await frame.getByRole("button", { name: "Angre", exact: true }).click();
    await frame.getByRole("dialog").getByRole("button", { name: "Angre", exact: true }).click();
    await expect
      .poll(() => JSON.stringify([...tagsOf()]), { timeout: 60_000 })
      .toBe(JSON.stringify([...before]));
    frame = await openApp(page, new URL(frame.url()).pathname);
    await frame.getByText("Angret", { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it("deletes a mixed audience: only eligible customers go, the rest are reported with the reason, the backup holds the deleted profiles", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    const vip = [...store().customers.values()].filter((c) =>
      c.tags.some((t) => t.toLowerCase() === "vip"),
    );
    const eligible = vip.filter(
      (c) => c.numberOfOrders === 0 && !c.hasActiveSubscription && !c.pendingDataErasure,
    );
    expect(eligible.length).toBeGreaterThan(0);
    expect(eligible.length).toBeLessThan(vip.length);

    let frame = await openApp(page, "/app/customers/delete");
    await frame.getByRole("textbox", { name: "Søk", exact: true }).fill("tag:VIP");
    await frame.getByRole("button", { name: "Sjekk hvem som kan slettes" }).click();
    const backup = frame.getByRole("button", { name: /^Ta sikkerhetskopi av \d+ profiler?$/ });
    await expect.poll(() => backup.isEnabled(), { timeout: 30_000 }).toBe(true);
    await frame.getByText(/Har bestillinger/).waitFor();
    await backup.click();
    const csv = frame.getByText("Last ned (CSV)");
    await csv.waitFor({ timeout: 30_000 });
    const [file] = await Promise.all([page.waitForEvent("download"), csv.click()]);
    const text = readFileSync(await file.path(), "utf8");
    for (const c of eligible) expect(text).toContain(String(c.id));
    await screenshot(page, "customers-delete-backup-nb");

    const typed = frame.getByRole("textbox", { name: /^Skriv \d+ for å bekrefte$/ });
    await typed.fill(String(eligible.length + 1));
    await frame.getByRole("button", { name: /^Slett \d+ kunder?$/ }).click();
    await frame.getByText("Det er ikke antallet kunder som skal slettes.").waitFor();
    expect(store().customers.size).toBe(500);
    await typed.fill(String(eligible.length));
    await frame.getByRole("button", { name: /^Slett \d+ kunder?$/ }).click();
    await frame.getByText("100 %").waitFor({ timeout: 60_000 });
    await screenshot(page, "customers-delete-done-nb");
    const left = store().customers;
    for (const c of eligible) expect(left.has(c.id)).toBe(false);
    for (const c of vip.filter((v) => !eligible.includes(v))) expect(left.has(c.id)).toBe(true);

    await page.locator("#app-nav a", { hasText: "Aktivitet" }).click();
    frame = appFrame(page);
    await frame
      .getByText(/^Slettet \d+ kunder? \(sikkerhetskopiert\)$/)
      .waitFor({ timeout: 15_000 });
    await frame.getByText(/^La til Høst, VIP på \d+ kunder?$/).waitFor();
    await frame.getByText(/^Lastet ned sikkerhetskopien/).waitFor();
    await screenshot(page, "activity-nb");
    expect(errors).toEqual([]);
  });

  it("finds spam sign-ups and military addresses to fix, from the hub (Swedish)", async () => {
    const { page, errors } = await newPage(browser, demo.url);
    // The hub's actions are links: nothing to wait on for hydration but its text.
    await page.goto(`/?locale=sv&path=${encodeURIComponent("/app/customers")}`);
    let frame = appFrame(page);
    await frame.getByText("Taggar i bulk", { exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, "customers-hub-sv");

    // A bot signs up a few times in a row, with a link in the name (as sign-up spam does).
    const bot = demo.simulator.actions(demo.shop);
    for (let i = 0; i < 6; i++)
      bot.createCustomer({
        firstName: "Claim your prize http://bit.ly/gift",
        lastName: `x${i}q7z`,
        email: `prize${i}.k3j9@mailinator.com`,
      });
    frame = await openApp(page, "/app/customers/spam", "sv");
    await frame.getByRole("button", { name: "Skanna kunder" }).click();
    await frame.getByText("Misstänkta konton", { exact: true }).waitFor();
    await frame.getByRole("columnheader", { name: "Poäng" }).waitFor({ timeout: 60_000 });
    await screenshot(page, "customers-spam-sv");

    frame = await openApp(page, "/app/customers/addresses", "sv");
    await frame.getByRole("button", { name: "Sök igenom kundernas adresser" }).click();
    await frame.getByText(/^Kontrollerade kunder: /).waitFor({ timeout: 60_000 });
    await screenshot(page, "customers-addresses-sv");
    expect(errors).toEqual([]);
  });
});
