// The log of access to customers' personal data, through the real routes:
// who opened what, once per page left open, per shop, pruned after a year.
import { describe, expect, it } from "vitest";
import db from "../db/db.server";
import { loader as pickCustomers } from "../routes/app.audiences.customers";
import { loader as exportFile } from "../routes/app.privacy.$id.export";
import { loader as privacyPage } from "../routes/app.privacy._index";
import { adminRequest } from "../../test/support/admin-request";
import { installApp } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { pruneDataAccess } from "./access-log.server";

const SHOP = "access-log.myshopify.com";
const OTHER = "access-log-other.myshopify.com";

describe("access to customers' personal data", () => {
  useStoreSimulator([
    { domain: SHOP, seed: { customers: 30, seed: 8 } },
    { domain: OTHER, seed: { customers: 5, seed: 9 } },
  ]);

  it("GIVEN a customer search and a data request's download THEN each is logged with the staff member and the count, never the data", async () => {
    await installApp("access-log");
    const search = async () =>
      (await pickCustomers(
        routeArgs(await adminRequest(SHOP, "/app/audiences/customers?q=a")),
      )) as Response;
    const first = (await (await search()).json()) as { customers: unknown[] };
    await search(); // the list refreshes as the merchant types: logged once
    const request = await db.complianceRequest.create({
      data: {
        shop: SHOP,
        topic: "customers/data_request",
        customerId: "42",
        payload: "{}",
        export: JSON.stringify({ shop: SHOP, data: { email: "x@example.com" } }),
      },
    });
    const file = await exportFile({
      ...routeArgs(await adminRequest(SHOP, `/app/privacy/${request.id}/export`)),
      params: { id: request.id },
    });
    expect(file.status).toBe(200);

    const entries = await db.dataAccess.findMany({ where: { shop: SHOP }, orderBy: { at: "asc" } });
    expect(entries.map((e) => [e.action, e.subject, e.records])).toEqual([
      ["customer_search", null, first.customers.length],
      ["privacy_export", request.id, 1],
    ]);
    for (const entry of entries) expect(entry.staff).toMatch(/^user:\w+/);
    // The search words are not kept (they may name a customer).
    expect(JSON.stringify(entries)).not.toContain("q=a");

    // The privacy page lists them for this shop only.
    await db.dataAccess.create({
      data: { shop: OTHER, staff: "user:9", action: "campaign_report", records: 3 },
    });
    const page = await privacyPage(routeArgs(await adminRequest(SHOP, "/app/privacy")));
    expect(page.access.entries.map((e) => e.action)).toEqual(["privacy_export", "customer_search"]);
  });

  it("GIVEN entries older than a year THEN the daily cleanup removes them and keeps the rest", async () => {
    const old = await db.dataAccess.create({
      data: {
        shop: SHOP,
        staff: null,
        action: "campaign_report",
        records: 1,
        at: new Date("2025-01-01"),
      },
    });
    const recent = await db.dataAccess.create({
      data: { shop: SHOP, staff: null, action: "campaign_report", records: 1 },
    });
    await pruneDataAccess(db);
    expect(await db.dataAccess.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.dataAccess.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });
});
