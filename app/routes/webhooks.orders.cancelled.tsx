import type { ActionFunctionArgs } from "@remix-run/node";
import { FEATURES } from "../features.server";
import { getQueue } from "../jobs/queue.server";
import { receiveWebhook } from "../webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "orders/cancelled", FEATURES.topics, getQueue());
