// `npm run demo`: Patron embedded in a local Shopify admin, on a seeded store simulator.
import { startDemo } from "../test/store/demo";

const started = Date.now();
const demo = await startDemo({
  port: Number(process.env.PORT ?? 3000),
  customers: Number(process.env.DEMO_CUSTOMERS ?? 2000),
  log: (line) => console.info(`· ${line}`),
});
console.info(`
Patron demo is ready in ${((Date.now() - started) / 1000).toFixed(1)} s — open ${demo.url}/

A local Shopify admin with Patron embedded, on ${demo.shop} (seeded store simulator,
no Shopify account, no outside network). Use the "Store controls" panel to play the store.
Press Ctrl+C to stop.
`);
const stop = () => {
  void demo.stop().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
