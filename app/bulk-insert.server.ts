import pg from "pg";

// Inserts of many rows straight through the database driver. Prisma runs every
// argument of a query, raw ones included, through its query compiler's JSON
// protocol: streaming 100,000 audience rows through it left ~250 MB of garbage
// in the worker's heap; through the driver the heap stays flat. Only for plain
// INSERTs that need no Prisma behaviour (ids and defaults are the caller's or
// the table's).

export type Value = string | number | null;

/** Runs one statement; `placeholder(n)` is the driver's n-th (1-based) parameter. */
export type StatementRunner = (
  sql: (placeholder: (n: number) => string) => string,
  args: Value[],
) => Promise<void>;

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
    await pool.query(
      sql((n) => `$${n}`),
      args,
    );
  };
}

/** INSERT of rows (arrays in the order of columns) in statements of at most `chunk` rows. */
export async function bulkInsert(
  db: object,
  table: string,
  columns: string[],
  rows: Value[][],
  chunk = 500,
) {
  const run = runners.get(db);
  if (!run) throw new Error("bulkInsert: this database client was not made by createDatabase");
  const names = columns.map((c) => `"${c}"`).join(", ");
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    await run((placeholder) => {
      let n = 0;
      const tuples = part.map(() => `(${columns.map(() => placeholder(++n)).join(", ")})`);
      return `INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")}`;
    }, part.flat());
  }
}
