import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget } from "./app/db/database-url";

// The CLI (migrate deploy, migrate diff, generate) follows DATABASE_URL like the app.
const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  schema: target.schema,
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return target.provider === "postgresql"
      ? new PrismaPg({ connectionString: target.url })
      : new PrismaLibSQL({ url: target.url });
  },
});
