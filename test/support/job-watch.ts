import type { Database } from "../../app/db/db.server";

const OPEN = ["pending", "in_flight"];

export type JobSnapshot = { id: string; shop: string; status: string; error: string | null };

/**
 * Who did the work, seen from the app's database. JobItem rows name no
 * worker, but a job's lease (Job.runnerId) does: each poll credits the items
 * a job finished since the last poll to the worker holding its lease now (or
 * at the last poll, when the lease was just released). Handoffs between two
 * polls can credit a few items to the wrong worker; the totals stay exact.
 */
export class JobWatch {
  readonly itemsBy = new Map<string, number>();
  /** Every worker id seen holding each job's lease. */
  readonly runnersOf = new Map<string, Set<string>>();
  private readonly done = new Map<string, number>();
  private readonly lastRunner = new Map<string, string | null>();
  jobs: JobSnapshot[] = [];

  constructor(
    private readonly db: Database,
    private readonly jobIds: string[],
  ) {
    for (const id of jobIds) this.runnersOf.set(id, new Set());
  }

  get finished() {
    let sum = 0;
    for (const n of this.done.values()) sum += n;
    return sum;
  }

  /** Jobs whose lease each worker holds now. */
  leasesHeld() {
    const held = new Map<string, number>();
    for (const runner of this.lastRunner.values())
      if (runner) held.set(runner, (held.get(runner) ?? 0) + 1);
    return held;
  }

  async poll() {
    const [rows, counts] = await Promise.all([
      this.db.job.findMany({
        where: { id: { in: this.jobIds } },
        select: { id: true, shop: true, status: true, error: true, runnerId: true },
      }),
      this.db.jobItem.groupBy({
        by: ["jobId"],
        where: { jobId: { in: this.jobIds }, status: { notIn: OPEN } },
        _count: { _all: true },
      }),
    ]);
    const finishedNow = new Map(counts.map((c) => [c.jobId, c._count._all]));
    for (const row of rows) {
      const runner = row.runnerId ?? this.lastRunner.get(row.id) ?? null;
      if (row.runnerId) this.runnersOf.get(row.id)!.add(row.runnerId);
      const delta = (finishedNow.get(row.id) ?? 0) - (this.done.get(row.id) ?? 0);
      if (delta > 0) {
        const by = runner ?? "unattributed";
        this.itemsBy.set(by, (this.itemsBy.get(by) ?? 0) + delta);
      }
      this.done.set(row.id, finishedNow.get(row.id) ?? 0);
      this.lastRunner.set(row.id, row.runnerId);
    }
    this.jobs = rows;
  }
}
