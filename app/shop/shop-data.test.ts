import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { GLOBAL_MODELS, SHOP_SCOPED_MODELS } from "./shop-data.server";

describe("shop data", () => {
  it("every model of the data model is erased on uninstall and shop/redact, or holds no shop data", () => {
    expect([...SHOP_SCOPED_MODELS, ...GLOBAL_MODELS].sort()).toEqual(
      Object.values(Prisma.ModelName).sort(),
    );
  });
});
