import { afterAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { deleteShopData, SHOP_SCOPED_MODELS } from "./shop-data.server";

const SHOP = "shop-data-every-model.myshopify.com";

afterAll(() => deleteShopData(db, SHOP));

describe("shop data", () => {
  it("GIVEN a shop's rows THEN uninstall's deletion reaches every shop-scoped model of the schema, and only that shop's", async () => {
    // Every shop-scoped model has a shop column to delete by: an empty
    // deletion of each proves the delegate and the column exist.
    const counts = await deleteShopData(db, SHOP);
    expect(Object.keys(counts).sort()).toEqual([...SHOP_SCOPED_MODELS].sort());
    await db.shop.create({ data: { shop: SHOP } });
    await db.job.create({ data: { shop: SHOP, kind: "invite", params: "{}" } });
    await db.job.create({
      data: { shop: "someone-else.myshopify.com", kind: "invite", params: "{}" },
    });
    const deleted = await deleteShopData(db, SHOP);
    expect(deleted).toMatchObject({ Shop: 1, Job: 1 });
    expect(await db.job.count({ where: { shop: "someone-else.myshopify.com" } })).toBe(1);
    await db.job.deleteMany({ where: { shop: "someone-else.myshopify.com" } });
  });
});
