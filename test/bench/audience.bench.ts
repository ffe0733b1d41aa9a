// A 100,000-customer audience read by a bulk query and streamed into job
// items, in a process of its own so its peak RSS is the engine's alone
// (the simulator holding the store runs here). Baseline: the same process's
// RSS before it reads the audience.
import { spawn } from "node:child_process";
import path from "node:path";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { startStoreSimulator } from "../store";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CUSTOMERS = Number(process.env.BENCH_AUDIENCE ?? 100_000);
const SHOP = "bench-audience.myshopify.com";

type ChildReport = {
  items: number;
  stored: number;
  seconds: number;
  baselineRssMb: number;
  peakRssMb: number;
};

export async function audienceBench() {
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET_KEY,
    shops: [{ domain: SHOP, plan: "PLUS", seed: { customers: CUSTOMERS, seed: 9 } }],
  });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "--import",
          "./test/store/route-shops.ts",
          "test/bench/audience-child.ts",
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            STORE_SIMULATOR_URL: sim.url,
            BENCH_SHOP: SHOP,
            DATABASE_URL: "",
            NODE_OPTIONS: process.env.BENCH_HEAP_MB
              ? `--max-old-space-size=${process.env.BENCH_HEAP_MB}`
              : "",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`audience child failed (${code}):\n${out}`)),
      );
    });
    if (process.env.BENCH_MEMORY_TRACE) console.info(output);
    const report = JSON.parse(output.trim().split("\n").pop()!) as ChildReport;
    if (report.stored !== CUSTOMERS)
      throw new Error(`streamed ${report.stored} of ${CUSTOMERS} customers`);
    return {
      rows: [
        {
          name: `audience: ${CUSTOMERS} customers by bulk query (peak ${report.peakRssMb.toFixed(0)} MB, before ${report.baselineRssMb.toFixed(0)} MB)`,
          requests: report.stored,
          perSecond: report.stored / report.seconds,
          p50Ms: 0,
          p99Ms: 0,
          errors: 0,
        },
      ],
      figures: {
        audiencePeakRssMb: Math.round(report.peakRssMb),
        audienceBaselineRssMb: Math.round(report.baselineRssMb),
      },
    };
  } finally {
    await sim.stop();
  }
}
