import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { SHOP_SCOPED_MODELS } from "./shop-data.server";

describe("shop data", () => {
  it("every model of the data model is erased on uninstall and shop/redact", () => {
    expect([...SHOP_SCOPED_MODELS].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });
});
