import { Agent, createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type ShopCounts = { requests: number; throttled: number };

export type CountingProxy = {
  url: string;
  /** Admin GraphQL answers per shop (Host), and how many of them said THROTTLED. */
  counts(): Map<string, ShopCounts>;
  stop(): Promise<void>;
};

const ADMIN_GRAPHQL = /^\/admin\/api\/[^/]+\/graphql\.json(\?|$)/;

// THROTTLED comes back as HTTP 200 with a GraphQL error (or as a 429): the
// body has to be read. Most answers do not mention it, so only those that do are parsed.
function isThrottled(status: number, body: Buffer) {
  if (status === 429) return true;
  if (!body.includes("THROTTLED")) return false;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as {
      errors?: { extensions?: { code?: string } }[];
    };
    return !!parsed.errors?.some?.((e) => e.extensions?.code === "THROTTLED");
  } catch {
    return false;
  }
}

function shopOf(req: IncomingMessage) {
  const forwarded = req.headers["x-forwarded-host"];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host ?? "";
  return host.split(",")[0]!.trim().toLowerCase().replace(/:\d+$/, "");
}

/**
 * A pass-through HTTP proxy in front of the store simulator that counts what
 * each shop's Admin API answered. The simulator keeps no count of THROTTLED
 * answers and test/store is not ours to change, so the workers talk to this
 * port instead and every answer they got is counted on its way back.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const counts = new Map<string, ShopCounts>();
  const server = createServer((req, res) => {
    const counted = req.method === "POST" && ADMIN_GRAPHQL.test(req.url ?? "");
    const shop = shopOf(req);
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => {
          if (counted) chunks.push(chunk);
          res.write(chunk);
        });
        answer.on("end", () => {
          res.end();
          if (!counted) return;
          const entry = counts.get(shop) ?? { requests: 0, throttled: 0 };
          entry.requests++;
          if (isThrottled(answer.statusCode ?? 0, Buffer.concat(chunks))) entry.throttled++;
          counts.set(shop, entry);
        });
      },
    );
    // The client sees the failure as a dropped connection, as it would with Shopify.
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => new Map([...counts].map(([shop, c]) => [shop, { ...c }])),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
