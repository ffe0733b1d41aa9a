import { afterAll, describe, expect, it } from "vitest";
import db from "./db.server";
import { sessionStorageContract } from "../../test/support/session-storage-contract";

describe("Prisma session storage on PostgreSQL", () => {
  afterAll(() => db.$disconnect());

  it("really is talking to PostgreSQL", async () => {
    const [row] = await db.$queryRawUnsafe<{ version: string }[]>("select version() as version");
    expect(row?.version).toMatch(/^PostgreSQL/);
  });

  sessionStorageContract(() => db, "sessions-postgres.myshopify.com");
});
