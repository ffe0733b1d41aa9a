import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../db/db.server";
import { isUniqueViolation } from "../db/db-errors";

export class WorkerIdTakenError extends Error {
  constructor(id: string, holder: { host: string; pid: number; heartbeatAt: Date }) {
    super(
      `WORKER_ID "${id}" is in use by process ${holder.pid} on ${holder.host} ` +
        `(alive at ${holder.heartbeatAt.toISOString()}): give each worker its own WORKER_ID`,
    );
    this.name = "WorkerIdTakenError";
  }
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type WorkerClaim = {
  boot: string;
  /** Ends with an error when another process took the id (this one was presumed dead). */
  lost: Promise<Error>;
  release(): Promise<void>;
};

/**
 * Claims a worker id for this process. An id held by a live process is
 * refused; one whose holder is gone (its heartbeat ran out, or it was a
 * process of this host that no longer exists, as after kill -9) is taken over
 * at once, so a restarted worker gets its leases back without waiting.
 */
export async function claimWorkerId(
  db: Database,
  id: string,
  { staleMs = Number(process.env.PATRON_LEASE_MS ?? 30_000) } = {},
): Promise<WorkerClaim> {
  const me = { boot: randomUUID(), host: hostname(), pid: process.pid };
  const attempt = () =>
    db.$transaction(async (tx) => {
      const holder = await tx.workerProcess.findUnique({ where: { id } });
      const now = new Date();
      if (!holder) {
        await tx.workerProcess.create({ data: { id, ...me, heartbeatAt: now } });
        return null;
      }
      const gone =
        holder.heartbeatAt.getTime() < now.getTime() - staleMs ||
        (holder.host === me.host && (holder.pid === me.pid || !processAlive(holder.pid)));
      if (!gone) return holder;
      await tx.workerProcess.update({
        where: { id },
        data: { ...me, heartbeatAt: now, startedAt: now },
      });
      return null;
    });
  // Two processes claiming a new id at once: the second one's insert fails; it looks again.
  const claimed = await attempt().catch((error: unknown) => {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  });
  if (claimed) throw new WorkerIdTakenError(id, claimed);

  let lose!: (error: Error) => void;
  const lost = new Promise<Error>((resolve) => (lose = resolve));
  const beat = setInterval(
    () => {
      db.workerProcess
        .updateMany({ where: { id, boot: me.boot }, data: { heartbeatAt: new Date() } })
        .then(({ count }) => {
          if (count === 0) lose(new Error(`WORKER_ID "${id}" was taken over by another process`));
        })
        .catch(() => undefined); // a missed beat is retried; staleMs allows several
    },
    Math.max(100, Math.floor(staleMs / 4)),
  );
  beat.unref();
  return {
    boot: me.boot,
    lost,
    async release() {
      clearInterval(beat);
      await db.workerProcess.deleteMany({ where: { id, boot: me.boot } }).catch(() => undefined);
    },
  };
}
