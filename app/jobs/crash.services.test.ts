import { crashScenario } from "../../test/support/crash-scenario";

// BullMQ on the real Redis, with PostgreSQL; a queue prefix of its own per run.
process.env.PATRON_QUEUE_PREFIX = `patron-crash-${process.pid}`;

crashScenario("BullMQ on Redis with PostgreSQL", "crash-bullmq.myshopify.com", () => ({
  REDIS_URL: process.env.REDIS_URL!,
  PATRON_QUEUE_PREFIX: process.env.PATRON_QUEUE_PREFIX!,
}));
