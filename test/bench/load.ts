import { Pool } from "undici";

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : 0;

// Closed-loop load: `connections` clients each send the next request when the last answered.
export async function load(
  url: string,
  request: { path: string; headers: Record<string, string>; body: string },
  { connections = 8, seconds = 5 } = {},
): Promise<LoadResult> {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const response = await pool.request({ method: "POST", ...request });
        await response.body.text();
        if (response.statusCode !== 200) errors++;
        latencies.push(performance.now() - t0);
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
