import { Pool } from "undici";

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export type LoadRequest = { path: string; headers: Record<string, string>; body: string };

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : 0;

// Closed-loop load: `connections` clients each send the next request when the
// last answered, until `next` has none. An answer other than `expected` is an error.
async function closedLoop(
  url: string,
  next: () => LoadRequest | undefined,
  connections: number,
  expected: number,
): Promise<LoadResult> {
  const pool = new Pool(new URL(url).origin, { connections });
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let request = next(); request; request = next()) {
        const t0 = performance.now();
        const response = await pool.request({ method: "POST", ...request });
        await response.body.dump();
        latencies.push(performance.now() - t0);
        if (response.statusCode !== expected) errors++;
        if (process.env.BENCH_TRACE && latencies.length % 1000 === 0)
          console.info(
            `  ${latencies.length} answered at ${Math.round(performance.now() - start)} ms`,
          );
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
  };
}

/** The same request again and again for `seconds`. */
export function load(
  url: string,
  request: LoadRequest,
  { connections = 8, seconds = 5 } = {},
): Promise<LoadResult> {
  const end = performance.now() + seconds * 1000;
  return closedLoop(url, () => (performance.now() < end ? request : undefined), connections, 200);
}

/** Each of `requests` once, in order. */
export function loadEach(
  url: string,
  requests: LoadRequest[],
  { connections = 8, expected = 200 } = {},
): Promise<LoadResult> {
  let i = 0;
  return closedLoop(url, () => requests[i++], connections, expected);
}
