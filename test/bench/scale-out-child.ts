// Child process of the scale-out benchmark: the app's modules on PostgreSQL
// and Redis (set before the first app module is imported, which a bench
// process that ran the SQLite benches cannot do), one run of the scenario,
// its report as the last line.
import { prepareAppEnv } from "./app-env";
import type { ScaleOutOptions } from "../support/scale-out";

prepareAppEnv({
  DATABASE_URL: process.env.BENCH_DATABASE_URL!,
  REDIS_URL: process.env.BENCH_REDIS_URL!,
});
const { default: db } = await import("../../app/db/db.server");
const { runScaleOut } = await import("../support/scale-out");

const run = JSON.parse(process.env.BENCH_SCALEOUT_RUN!) as Omit<
  ScaleOutOptions,
  "db" | "databaseUrl" | "redisUrl"
>;
const report = await runScaleOut({
  ...run,
  db,
  databaseUrl: process.env.DATABASE_URL!,
  redisUrl: process.env.REDIS_URL!,
});
await db.$disconnect();
console.log(JSON.stringify(report));
process.exit(0);
