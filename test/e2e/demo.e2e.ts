import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type Demo } from "../store/demo";
import { appFrame, launchBrowser, newPage, screenshot } from "./browser";

describe("npm run demo, in a browser", () => {
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

  it("loads the local admin with Patron's dashboard embedded, authenticated by session tokens", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${demo.url}/`);
    const frame = appFrame(page);
    await frame.getByText("Customer accounts", { exact: true }).waitFor({ timeout: 30_000 });
    await expect(frame.getByText("Patron Demo Store", { exact: true }).count()).resolves.toBe(1);
    await expect(
      frame.getByText("Classic customer accounts", { exact: true }).count(),
    ).resolves.toBe(1);
    // The app's <ui-nav-menu> and <ui-title-bar> reached the admin through the App Bridge stand-in.
    await expect(page.locator("#app-nav a").allTextContents()).resolves.toEqual([
      "Home",
      "Invitations",
      "Customers",
      "Offers",
      "Jobs",
      "Activity",
      "Settings",
    ]);
    await expect(page.locator("#app-title").textContent()).resolves.toBe("Patron");
    await screenshot(page, "demo-dashboard");

    // Client-side navigation: the loader is fetched with a bearer session token.
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    await frame.getByText("write_customers").waitFor({ timeout: 15_000 });
    await screenshot(page, "demo-settings");
    expect(errors).toEqual([]);
  });

  it("a store control sends a signed webhook that the app verifies and handles", async () => {
    const { page } = await newPage(browser);
    await page.goto(`${demo.url}/`);
    await appFrame(page)
      .getByText("Customer accounts", { exact: true })
      .waitFor({ timeout: 30_000 });
    await page.locator("#customer option").first().waitFor({ state: "attached" });
    await page.locator("#data-request").click();
    const delivered = page.locator('#deliveries li[data-topic="customers/data_request"]');
    await delivered.first().waitFor({ timeout: 15_000 });
    await expect(delivered.first().getAttribute("data-status")).resolves.toBe("200");
    await screenshot(page, "demo-webhook");

    const db = createClient({ url: demo.databaseUrl });
    try {
      const result = await db.execute({
        sql: 'SELECT count(*) AS n FROM "ComplianceRequest" WHERE shop = ? AND topic = ?',
        args: [demo.shop, "customers/data_request"],
      });
      expect(Number(result.rows[0]?.n)).toBe(1);
    } finally {
      db.close();
    }
  });

  it("a customer's data request can be downloaded from the privacy requests page (in Swedish)", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${demo.url}/?locale=sv`);
    const frame = appFrame(page);
    await frame.getByText("Kundkonton", { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator("#customer option").first().waitFor({ state: "attached" });
    await page.locator("#data-request").click();
    await page
      .locator('#deliveries li[data-topic="customers/data_request"][data-status="200"]')
      .first()
      .waitFor({ timeout: 15_000 });

    await page.locator("#app-nav a", { hasText: "Inställningar" }).click();
    await frame.getByText("Öppna integritetsförfrågningar").click();
    const download = frame.getByText("Ladda ner uppgifterna (JSON)").first();
    await download.waitFor({ timeout: 15_000 });
    await screenshot(page, "demo-privacy-sv");
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^customer-\d+-data-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(readFileSync(await file.path(), "utf8"));
    expect(document).toMatchObject({ shop: demo.shop, data: expect.any(Object) });
    expect(errors).toEqual([]);
  });

  it("follows the admin user's language", async () => {
    const { page } = await newPage(browser);
    await page.goto(`${demo.url}/?locale=fr`);
    const frame = appFrame(page);
    await frame.getByText("Comptes clients", { exact: true }).waitFor({ timeout: 30_000 });
    await expect(frame.getByText("Ce que vous pouvez faire").count()).resolves.toBe(1);
    await screenshot(page, "demo-dashboard-fr");
  });
});
