import pg from "pg";

// Inserts of many rows straight through the database driver. Prisma runs every
// argument of a query, raw ones included, through its query compiler's JSON
// protocol: streaming 100,000 audience rows through it left ~250 MB of garbage
// in the worker's heap; through the driver the heap stays flat. Only for plain
// INSERTs that need no Prisma behaviour (ids and defaults are the caller's or
// the table's).

export type Value = string | number | Date | null;
export type Row = Record<string, unknown>;

/** Runs one statement; `placeholder(n)` is the driver's n-th (1-based) parameter. */
export type StatementRunner = (
  sql: (placeholder: (n: number) => string) => string,
  args: Value[],
) => Promise<Row[]>;

const runners = new WeakMap<object, StatementRunner>();

/** Called by createDatabase: how to reach the driver behind a Prisma client. */
export function registerStatementRunner(client: object, runner: StatementRunner) {
  runners.set(client, runner);
}

/** PostgreSQL: a small pool of its own (the server handles concurrent writers). */
export function postgresRunner(url: string): StatementRunner {
  let pool: pg.Pool | undefined;
  return async (sql, args) => {
    pool ??= new pg.Pool({
      connectionString: url,
      max: 2,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // node-postgres writes a Date in the process's local time, which a
    // TIMESTAMP column (no zone) keeps as is: Prisma reads those columns as
    // UTC, so run times would shift by the server's offset. ISO text in UTC
    // is stored as the UTC instant (the column ignores the zone suffix).
    const values = args.map((v) => (v instanceof Date ? v.toISOString() : v));
    const result = await pool.query(
      sql((n) => `$${n}`),
      values,
    );
    return result.rows as Row[];
  };
}

export type InsertOptions = {
  /** Rows whose unique key (these columns) is taken are skipped, not an error. */
  skipConflictsOn?: string[];
  /** Columns of the rows actually inserted, returned. */
  returning?: string[];
  chunk?: number;
};

/**
 * INSERT of rows (objects with the same columns), in statements of at most
 * `chunk` rows.
 */
export async function bulkInsert(
  db: object,
  table: string,
  rows: Record<string, Value>[],
  { skipConflictsOn, returning, chunk = 500 }: InsertOptions = {},
): Promise<Row[]> {
  const run = runners.get(db);
  if (!run) throw new Error("bulkInsert: this database client was not made by createDatabase");
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]!);
  const quote = (names: string[]) => names.map((c) => `"${c}"`).join(", ");
  const tail =
    (skipConflictsOn ? ` ON CONFLICT (${quote(skipConflictsOn)}) DO NOTHING` : "") +
    (returning ? ` RETURNING ${quote(returning)}` : "");
  const inserted: Row[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const result = await run(
      (placeholder) => {
        let n = 0;
        const tuples = part.map(() => `(${columns.map(() => placeholder(++n)).join(", ")})`);
        return `INSERT INTO "${table}" (${quote(columns)}) VALUES ${tuples.join(", ")}${tail}`;
      },
      part.flatMap((row) => columns.map((column) => row[column] ?? null)),
    );
    inserted.push(...result);
  }
  return inserted;
}
