import { describe } from "vitest";
import db from "./db.server";
import { sessionStorageContract } from "../../test/support/session-storage-contract";

describe("Prisma session storage on SQLite", () => {
  sessionStorageContract(() => db, "sessions-sqlite.myshopify.com");
});
