import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { Row, Value } from "./bulk-insert.server";

// The adapter's own @libsql/client (it pins an older one than ours).
type Config = Parameters<PrismaLibSQL["createClient"]>[0];
type Client = ReturnType<PrismaLibSQL["createClient"]>;
type Transaction = Awaited<ReturnType<Client["transaction"]>>;
type InStatement = Parameters<Client["execute"]>[0];

// Per-connection settings, applied as the connection opens, before any query.
// WAL lets webhook writes and the job worker proceed while pages read;
// synchronous=NORMAL is WAL's durable-across-crashes setting (no fsync per
// commit, only at checkpoints); busy_timeout makes concurrent writers wait.
const PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA busy_timeout = 5000",
];

/**
 * The driver runs a statement synchronously and resolves at once, so a loop of
 * queries (the worker draining a backlog) would run in microtasks alone and
 * starve the server: no request is read until it ends. A turn of the event
 * loop before each statement lets I/O in, as a networked driver would.
 */
function yieldThen<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(work);
}

/** Hands out a turn at the connection, one holder at a time, in order. */
class Turns {
  private last: Promise<void> = Promise.resolve();
  take(): Promise<() => void> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const previous = this.last;
    this.last = previous.then(() => done);
    return previous.then(() => release);
  }
  async with<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * Prisma's SQLite adapter on one connection, which statements outside Prisma
 * (bulk inserts) share between Prisma's transactions.
 *
 * For a local file, @libsql/client hands its connection to each transaction
 * and opens a fresh one for whatever comes next. Prisma runs every updateMany
 * and createMany as an internal transaction, so each opened a connection
 * (without the busy_timeout above) and left the old one for the garbage
 * collector; in a webhook burst opening one failed ("Failed to connect to
 * database") and took the worker down. The adapter already runs one
 * transaction at a time and holds every other query until it commits, so
 * staying on the connection changes no isolation.
 *
 * Why one connection and not a second for bulk work: SQLite waits for a lock
 * synchronously, so a second connection of this process waiting for the first
 * would block the event loop that has to finish the first's transaction.
 */
export class PatronLibSQL extends PrismaLibSQL {
  private client?: Client;
  private readonly turns = new Turns();

  override createClient(config: Config): Client {
    const client = super.createClient(config);
    for (const pragma of PRAGMAS) void client.execute(pragma);
    if (config.url !== ":memory:") this.client = client;
    const turns = this.turns;
    return new Proxy(client, {
      get(target, property, receiver) {
        if (property === "transaction") return () => sameConnectionTransaction(target, turns);
        if (property === "execute")
          return (stmt: InStatement) => turns.with(() => yieldThen(() => target.execute(stmt)));
        if (property === "executeMultiple")
          return (sql: string) => turns.with(() => target.executeMultiple(sql));
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** A statement outside Prisma, on its connection, never inside one of its transactions. */
  async run(sql: string, args: Value[]): Promise<Row[]> {
    const client = this.client;
    if (!client) throw new Error("The database is not connected yet");
    // Dates as the adapter writes them (its iso8601 text): SQLite compares them as text.
    const values = args.map((v) =>
      v instanceof Date ? v.toISOString().replace("Z", "+00:00") : v,
    );
    const result = await this.turns.with(() =>
      yieldThen(() => client.execute({ sql, args: values })),
    );
    return result.rows.map((row) =>
      Object.fromEntries(result.columns.map((column, i) => [column, row[i]])),
    );
  }
}

async function sameConnectionTransaction(client: Client, turns: Turns): Promise<Transaction> {
  const release = await turns.take();
  try {
    // IMMEDIATE takes the write lock up front, waiting for it like any writer:
    // a deferred transaction that reads and then writes would fail at once
    // (SQLITE_BUSY) if another process wrote in between.
    await client.execute("BEGIN IMMEDIATE");
  } catch (error) {
    release();
    throw error;
  }
  let open = true;
  const end = async (sql: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    open = false;
    try {
      await client.execute(sql);
    } catch (error) {
      // Never leave the shared connection inside a transaction.
      await client.execute("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      release();
    }
  };
  const live = () => {
    if (!open) throw new Error("The transaction is closed");
  };
  return {
    execute: (stmt: InStatement) => (live(), yieldThen(() => client.execute(stmt))),
    batch: async (stmts: InStatement[]) => {
      live();
      const results = [];
      for (const stmt of stmts) results.push(await client.execute(stmt));
      return results;
    },
    executeMultiple: () => {
      // The client's executeMultiple rolls back any open transaction when done.
      throw new Error("executeMultiple is not available inside a transaction");
    },
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close: () => void end("ROLLBACK").catch(() => undefined),
    get closed() {
      return !open;
    },
  };
}
