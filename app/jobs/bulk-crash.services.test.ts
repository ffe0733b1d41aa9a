import { bulkCrashScenario } from "../../test/support/bulk-crash-scenario";

// BullMQ on the real Redis, with PostgreSQL; a queue prefix of its own per run.
process.env.PATRON_QUEUE_PREFIX = `patron-bulk-crash-${process.pid}`;

bulkCrashScenario("BullMQ on Redis with PostgreSQL", "bulk-crash-bullmq.myshopify.com", () => ({
  REDIS_URL: process.env.REDIS_URL!,
  PATRON_QUEUE_PREFIX: process.env.PATRON_QUEUE_PREFIX!,
}));
