import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { claimWorkerId, WorkerIdTakenError } from "./worker-registry.server";

const ID = `registry-${process.pid}`;

/** Another live process holding the id: it claims it and waits to be killed. */
function holder() {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `const { default: db } = await import("./app/db/db.server.ts");
       const { claimWorkerId } = await import("./app/jobs/worker-registry.server.ts");
       await claimWorkerId(db, ${JSON.stringify(ID)});
       console.log("claimed");
       setInterval(() => {}, 1000);`,
    ],
    { env: process.env, stdio: ["ignore", "pipe", "inherit"] },
  );
  const claimed = new Promise<void>((resolve) =>
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("claimed") && resolve()),
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return { child, claimed, exited };
}

afterAll(() => db.workerProcess.deleteMany({ where: { id: { startsWith: "registry-" } } }));

describe("worker ids", () => {
  it("GIVEN a live process holding a WORKER_ID THEN a second one is refused; once it is killed, the id is taken over at once", async () => {
    const first = holder();
    await first.claimed;
    await expect(claimWorkerId(db, ID)).rejects.toBeInstanceOf(WorkerIdTakenError);
    await expect(claimWorkerId(db, ID)).rejects.toThrow(/in use by process \d+/);
    first.child.kill("SIGKILL");
    await first.exited;
    const claim = await claimWorkerId(db, ID);
    expect(await db.workerProcess.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({
      pid: process.pid,
      boot: claim.boot,
    });
    await claim.release();
    expect(await db.workerProcess.count({ where: { id: ID } })).toBe(0);
  });

  it("GIVEN a holder elsewhere whose heartbeat ran out THEN its id is taken over", async () => {
    await db.workerProcess.create({
      data: {
        id: `${ID}-stale`,
        boot: "old",
        host: "another-host",
        pid: 1,
        heartbeatAt: new Date(Date.now() - 3_600_000),
      },
    });
    const claim = await claimWorkerId(db, `${ID}-stale`);
    await claim.release();
  });

  it("GIVEN a holder elsewhere with a fresh heartbeat THEN the id is refused", async () => {
    await db.workerProcess.create({
      data: { id: `${ID}-live`, boot: "b", host: "another-host", pid: 1, heartbeatAt: new Date() },
    });
    await expect(claimWorkerId(db, `${ID}-live`)).rejects.toBeInstanceOf(WorkerIdTakenError);
  });
});
