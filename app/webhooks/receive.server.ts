import { Prisma } from "../generated/prisma/client";
import type { Database } from "../db.server";
import { authenticate } from "../shopify.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

function isUniqueViolation(error: unknown) {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") ||
    // the PostgreSQL client is a separate generated module with its own error class
    (error as { code?: string } | null)?.code === "P2002"
  );
}

/**
 * The one path every webhook route takes: verify the HMAC (401 when it is
 * missing or wrong, before anything is read or written), record the webhook id
 * so a redelivery is answered 200 without being handled twice, then handle it.
 * A handler that fails releases the id and answers 500, so Shopify retries.
 */
export async function receiveWebhook(
  db: Database,
  request: Request,
  handle: (webhook: WebhookContext) => Promise<void>,
): Promise<Response> {
  if (!request.headers.get("X-Shopify-Hmac-Sha256")) {
    return new Response(undefined, { status: 401, statusText: "Unauthorized" });
  }
  let webhook: WebhookContext;
  try {
    webhook = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error;
    // A body that verifies but is not JSON: nothing we can act on, and a retry won't fix it.
    if (error instanceof SyntaxError) return new Response("Invalid JSON body", { status: 400 });
    throw error;
  }
  const key = { shop: webhook.shop, webhookId: webhook.webhookId };
  try {
    await db.webhookEvent.create({ data: { ...key, topic: webhook.topic } });
  } catch (error) {
    if (isUniqueViolation(error)) return new Response(undefined, { status: 200 });
    throw error;
  }
  try {
    await handle(webhook);
  } catch (error) {
    await db.webhookEvent.deleteMany({ where: key });
    console.error(`webhook ${webhook.topic} for ${webhook.shop} failed:`, (error as Error).message);
    return new Response(undefined, { status: 500 });
  }
  return new Response(undefined, { status: 200 });
}
