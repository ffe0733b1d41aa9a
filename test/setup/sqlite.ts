import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "./migrate";

// One fresh SQLite file per run, migrated like production; test files share it
// and keep apart by using their own shop domains.
export default function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "patron-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  migrate(url);
  process.env.DATABASE_URL = url;
  return () => rmSync(dir, { recursive: true, force: true });
}
