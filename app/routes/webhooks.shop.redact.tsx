import type { ActionFunctionArgs } from "@remix-run/node";
import { getQueue } from "../jobs/queue.server";
import { receiveWebhook } from "../webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "shop/redact", getQueue());
