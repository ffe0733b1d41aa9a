import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import db from "../db/db.server";
import { loader as listLoader } from "./app.jobs._index";
import { action, loader as detailLoader } from "./app.jobs.$id";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";

const LIST = "jobs-list";
const EMPTY = "jobs-empty";
const OTHER = "jobs-other";
const ACT = "jobs-act";
const domain = (store: string) => `${store}.myshopify.com`;

function signed(store: string, path: string, init?: RequestInit) {
  return setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request(`https://patron.test${path}`, init),
  );
}

async function list(store: string) {
  return listLoader(routeArgs(await signed(store, "/app/jobs")));
}

async function detail(store: string, id: string, search = "") {
  const request = await signed(store, `/app/jobs/${id}${search}`);
  return detailLoader({ ...routeArgs(request), params: { id } });
}

async function post(store: string, id: string, intent: string) {
  const request = await signed(store, `/app/jobs/${id}`, {
    method: "POST",
    body: new URLSearchParams({ intent }),
  });
  return action({ ...routeArgs(request), params: { id } });
}

type ItemSeed = { status: string; error?: string; finishedAt?: string };

async function seedJob(
  store: string,
  status: string,
  items: ItemSeed[],
  extra: { createdAt?: Date; startedAt?: Date } = {},
) {
  const shop = domain(store);
  const job = await db.job.create({
    data: { shop, kind: "invite", params: "{}", status, total: items.length, ...extra },
  });
  await db.jobItem.createMany({
    data: items.map((item, seq) => ({
      shop,
      jobId: job.id,
      seq,
      target: `gid://shopify/Customer/${seq + 1}`,
      status: item.status,
      error: item.error ?? null,
      attempts: item.status === "pending" ? 0 : 1,
      finishedAt: item.finishedAt
        ? new Date(item.finishedAt)
        : ["succeeded", "failed", "skipped"].includes(item.status)
          ? new Date()
          : null,
    })),
  });
  return job.id;
}

const statuses = (jobId: string) =>
  db.jobItem
    .findMany({ where: { jobId }, orderBy: { seq: "asc" }, select: { status: true } })
    .then((rows) => rows.map((row) => row.status));

const jobStatus = (jobId: string) =>
  db.job.findUniqueOrThrow({ where: { id: jobId } }).then((job) => job.status);

async function thrown(promise: Promise<unknown>) {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(Response);
  return failure as Response;
}

describe("jobs pages, through real authentication against the store simulator", () => {
  useStoreSimulator([LIST, EMPTY, OTHER, ACT].map((store) => ({ domain: store, seed: false })));

  describe("list", () => {
    it("GIVEN jobs of two shops THEN lists the shop's own jobs only, newest first, with progress", async () => {
      const older = await seedJob(
        LIST,
        "completed",
        [{ status: "succeeded" }, { status: "failed" }],
        {
          createdAt: new Date("2026-11-20T10:00:00Z"),
        },
      );
      const newer = await seedJob(
        LIST,
        "running",
        [{ status: "succeeded" }, { status: "pending" }],
        {
          createdAt: new Date("2026-11-21T10:00:00Z"),
        },
      );
      const foreign = await seedJob(OTHER, "running", [{ status: "pending" }]);

      const { jobs } = await list(LIST);

      expect(jobs.map((job) => job.id)).toEqual([newer, older]);
      expect(jobs.map((job) => job.id)).not.toContain(foreign);
      expect(jobs[0]).toMatchObject({ kind: "invite", status: "running", total: 2, done: 1 });
      expect(jobs[1]).toMatchObject({ status: "completed", done: 2 });
      expect(jobs[1]?.counts).toMatchObject({ succeeded: 1, failed: 1 });
    });

    it("GIVEN a shop without jobs THEN the list is empty", async () => {
      await expect(list(EMPTY)).resolves.toEqual({ jobs: [] });
    });
  });

  describe("detail", () => {
    it("GIVEN the shop's job THEN returns its progress, failed items with Shopify's reason and throughput", async () => {
      const id = await seedJob(ACT, "completed", [
        { status: "succeeded", finishedAt: "2026-11-23T10:00:10Z" },
        { status: "failed", error: "Customer has no email", finishedAt: "2026-11-23T10:00:40Z" },
        { status: "skipped", finishedAt: "2026-11-23T10:01:30Z" },
      ]);

      const page = await detail(ACT, id);

      expect(page.job).toMatchObject({ id, status: "completed", total: 3, done: 3 });
      expect(page.job.counts).toEqual({
        pending: 0,
        in_flight: 0,
        succeeded: 1,
        failed: 1,
        skipped: 1,
        cancelled: 0,
      });
      expect(page.failed).toEqual([
        {
          target: "gid://shopify/Customer/2",
          error: "Customer has no email",
          attempts: 1,
          finishedAt: "2026-11-23T10:00:40.000Z",
        },
      ]);
      expect(page.throughput).toEqual([
        { at: "2026-11-23T10:00:00.000Z", count: 2 },
        { at: "2026-11-23T10:01:00.000Z", count: 1 },
      ]);
      expect(page).toMatchObject({ failedPage: 1, failedPages: 1 });
    });

    it("GIVEN many failed items THEN pages them", async () => {
      const id = await seedJob(
        ACT,
        "completed",
        Array.from({ length: 55 }, (_, i) => ({ status: "failed", error: `reason ${i}` })),
      );
      const second = await detail(ACT, id, "?failed=2");
      expect(second).toMatchObject({ failedPage: 2, failedPages: 2 });
      expect(second.failed.map((item) => item.error)).toEqual(
        [50, 51, 52, 53, 54].map((i) => `reason ${i}`),
      );
    });

    it("GIVEN another shop's job THEN answers 404 and reveals nothing", async () => {
      const foreign = await seedJob(OTHER, "running", [{ status: "pending" }]);
      expect((await thrown(detail(ACT, foreign))).status).toBe(404);
      expect((await thrown(detail(ACT, "no-such-job"))).status).toBe(404);
    });
  });

  describe("actions", () => {
    it("GIVEN a running job WHEN paused THEN it is paused", async () => {
      const id = await seedJob(ACT, "running", [{ status: "succeeded" }, { status: "pending" }]);
      const response = await post(ACT, id, "pause");
      await expect(response.json()).resolves.toEqual({ intent: "pause", changed: true });
      expect(await jobStatus(id)).toBe("paused");
    });

    it("GIVEN a paused job WHEN resumed THEN it is queued and its run is enqueued", async () => {
      const id = await seedJob(ACT, "paused", [{ status: "succeeded" }, { status: "pending" }]);
      const response = await post(ACT, id, "resume");
      await expect(response.json()).resolves.toEqual({ intent: "resume", changed: true });
      expect(await jobStatus(id)).toBe("queued");
      const tasks = await db.task.count({ where: { shop: domain(ACT), dedupeKey: `job:${id}` } });
      expect(tasks).toBe(1);
    });

    it("GIVEN a running job WHEN cancelled THEN pending items are cancelled and the engine settles the calls in flight", async () => {
      const id = await seedJob(ACT, "running", [
        { status: "succeeded" },
        { status: "in_flight" },
        { status: "pending" },
        { status: "pending" },
      ]);
      const response = await post(ACT, id, "cancel");
      await expect(response.json()).resolves.toEqual({ intent: "cancel", changed: true });
      // Cancelling until the engine knows what the call in flight did.
      expect(await jobStatus(id)).toBe("cancelling");
      expect(await statuses(id)).toEqual(["succeeded", "in_flight", "cancelled", "cancelled"]);
      expect(await db.task.count({ where: { shop: domain(ACT), dedupeKey: `job:${id}` } })).toBe(1);
    });

    it("GIVEN a completed job with failures WHEN retried THEN failed items go back to pending and the job is queued", async () => {
      const id = await seedJob(ACT, "completed", [
        { status: "succeeded" },
        { status: "failed", error: "Throttled" },
      ]);
      const response = await post(ACT, id, "retry");
      await expect(response.json()).resolves.toEqual({ intent: "retry", changed: true });
      expect(await jobStatus(id)).toBe("queued");
      expect(await statuses(id)).toEqual(["succeeded", "pending"]);
      expect(await db.task.count({ where: { shop: domain(ACT), dedupeKey: `job:${id}` } })).toBe(1);
    });

    it("GIVEN a finished job WHEN paused THEN says nothing changed", async () => {
      const id = await seedJob(ACT, "completed", [{ status: "succeeded" }]);
      const response = await post(ACT, id, "pause");
      await expect(response.json()).resolves.toEqual({ intent: "pause", changed: false });
      expect(await jobStatus(id)).toBe("completed");
    });

    it("GIVEN an unknown intent THEN answers 400 and changes nothing", async () => {
      const id = await seedJob(ACT, "running", [{ status: "pending" }]);
      const response = await post(ACT, id, "delete");
      expect(response.status).toBe(400);
      expect(await jobStatus(id)).toBe("running");
    });

    it("GIVEN another shop's job THEN answers 404 and leaves it alone", async () => {
      const foreign = await seedJob(OTHER, "running", [{ status: "pending" }]);
      expect((await thrown(post(ACT, foreign, "cancel"))).status).toBe(404);
      expect(await jobStatus(foreign)).toBe("running");
      expect(await statuses(foreign)).toEqual(["pending"]);
    });
  });
});
