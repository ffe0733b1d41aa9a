import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://patron.example.com",
};

function problems(source: Record<string, string | undefined>) {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected loadEnv to fail");
}

describe("loadEnv", () => {
  it("accepts a complete environment and defaults the rest", () => {
    const env = loadEnv(valid);
    expect(env.SHOPIFY_API_KEY).toBe("key");
    expect(env.NODE_ENV).toBe("development");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names a missing SHOPIFY_API_SECRET and says where to find it", () => {
    const [problem, ...rest] = problems({ ...valid, SHOPIFY_API_SECRET: undefined });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^SHOPIFY_API_SECRET is missing — the app's client secret/);
  });

  it("names every bad variable at once", () => {
    const found = problems({
      SHOPIFY_APP_URL: "not a url",
      DATABASE_URL: "mysql://nope",
      REDIS_URL: "http://localhost:6379",
    });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual([
      "DATABASE_URL",
      "REDIS_URL",
      "SHOPIFY_API_KEY",
      "SHOPIFY_API_SECRET",
      "SHOPIFY_APP_URL",
    ]);
    expect(found.join("\n")).toContain(
      "DATABASE_URL must be a postgres:// URL or a SQLite file: URL",
    );
  });

  it("accepts PostgreSQL, SQLite and Redis URLs", () => {
    expect(
      loadEnv({
        ...valid,
        DATABASE_URL: "postgresql://u@h/db",
        REDIS_URL: "redis://127.0.0.1:6379",
      }).REDIS_URL,
    ).toBe("redis://127.0.0.1:6379");
    expect(loadEnv({ ...valid, DATABASE_URL: "file:./x.db" }).DATABASE_URL).toBe("file:./x.db");
  });

  it("stops the server's boot with the message when SHOPIFY_API_SECRET is missing", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const env = { ...process.env, SHOPIFY_API_SECRET: "" };
    const result = spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["--input-type=module", "--eval", "await import('./app/shopify.server.ts')"],
      { cwd: root, env, encoding: "utf8" },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Patron cannot start: invalid environment");
    expect(result.stderr).toContain("SHOPIFY_API_SECRET is missing");
  });
});
