// The production server (`npm start`, the demo, the benchmarks): remix-serve's
// setup with three changes for the app's hottest path, Shopify's webhook
// bursts, measured by `npm run bench`: Node's own fetch instead of Remix's
// polyfill (its Request/Headers cost more per request than the webhook's work),
// no compression of webhook answers (they have no body), and no access-log line
// for webhooks answered 2xx (a burst is thousands; failures are still logged).
// Bodies are capped before Remix reads them (413), and the access log never
// writes the secrets some query strings carry (session tokens, HMACs).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { limitBodies, loggableUrl } from "./app/http/body-limits.mjs";

installGlobals({ nativeFetch: true });
const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
const isWebhook = (req) => req.path.startsWith("/webhooks/");

const app = express();
app.disable("x-powered-by");
app.use(limitBodies);
app.use(compression({ filter: (req, res) => !isWebhook(req) && compression.filter(req, res) }));
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static("public", { maxAge: "1h" }));
morgan.token("safe-url", (req) => loggableUrl(req.originalUrl || req.url));
app.use(
  morgan(":method :safe-url :status :res[content-length] - :response-time ms", {
    skip: (req, res) => isWebhook(req) && res.statusCode < 300,
  }),
);
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT || 3000);
const server = app.listen(port, process.env.HOST || "0.0.0.0", () =>
  console.info(`[patron] http://localhost:${port}`),
);
// The embedded worker hands its tasks back on the same signals (app/jobs/embedded.server.ts).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
