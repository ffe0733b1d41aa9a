// `npm run bench`: every benchmark in test/bench, a human table, and as the
// last line one JSON object with the figures (each compared with a baseline
// measured in the same run).
import { audienceBench } from "../test/bench/audience.bench";
import { jobsBench } from "../test/bench/jobs.bench";
import { offersBench } from "../test/bench/offers.bench";
import { previewBench } from "../test/bench/preview.bench";
import { scaleOutBench } from "../test/bench/scale-out.bench";
import { simulatorBench } from "../test/bench/simulator.bench";
import { spamBench } from "../test/bench/spam.bench";
import { webhooksBench } from "../test/bench/webhooks.bench";

type Row = {
  name: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
};
type Bench = () => Promise<{ rows: Row[]; figures: Record<string, number> }>;

const all: [string, Bench][] = [
  ["simulator", simulatorBench],
  ["webhooks", webhooksBench],
  ["audience", audienceBench],
  ["preview", previewBench],
  ["jobs", jobsBench],
  ["spam", spamBench],
  ["offers", offersBench],
  // Needs the services tier's PostgreSQL and Redis.
  ["scaleout", scaleOutBench],
];
// BENCH_ONLY=jobs,webhooks runs some of them.
const only = process.env.BENCH_ONLY?.split(",");
const benches = all.filter(([name]) => !only || only.includes(name));

const figures: Record<string, number> = {};
const rows: Row[] = [];
for (const [name, bench] of benches) {
  console.info(`· running ${name}`);
  const result = await bench();
  rows.push(...result.rows);
  Object.assign(figures, result.figures);
}

const pad = (s: string, n: number) => s.padEnd(n);
console.info(
  `\n${pad("benchmark", 52)} ${"req".padStart(8)} ${"req/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} errors`,
);
for (const r of rows) {
  console.info(
    `${pad(r.name, 52)} ${String(r.requests).padStart(8)} ${r.perSecond.toFixed(0).padStart(9)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${r.errors}`,
  );
}
console.info("");
console.log(JSON.stringify(figures));
