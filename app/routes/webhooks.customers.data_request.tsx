import type { ActionFunctionArgs } from "@remix-run/node";
import { recordCustomerRequest } from "../compliance/compliance.server";
import db from "../db.server";
import { receiveWebhook } from "../webhooks/receive.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(db, request, (webhook) =>
    recordCustomerRequest(db, webhook.shop, "customers/data_request", webhook.payload),
  );
