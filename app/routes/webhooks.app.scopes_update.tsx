import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { recordScopes } from "../shop/shop-data.server";
import { receiveWebhook } from "../webhooks/receive.server";

const payload = z.object({ current: z.array(z.string()) });

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(db, request, async (webhook) => {
    const { current } = payload.parse(webhook.payload);
    await recordScopes(db, webhook.shop, current.join(","));
  });
