// customer-account.order-status.block.render: the offer this order earned,
// on the order status page of new customer accounts. It asks Patron's
// backend, as the thank-you block does (extensions/README.md says why not the
// order's metafield), and shares that block's logic and rendering.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { orderGid } from "../../offer-thank-you/src/logic";
import { OfferView, useOfferView, type Translate } from "../../offer-thank-you/src/ui";

declare const shopify: Api;

export default async () => {
  render(<OrderStatusOffer />, document.body);
};

function OrderStatusOffer() {
  const t: Translate = (key, options) => shopify.i18n.translate(key, options);
  // Undefined until the order is fully processed: nothing to ask about before.
  const orderId = orderGid(shopify.order.value?.id);
  const view = useOfferView("customer_account", orderId, () => shopify.sessionToken.get());

  return <OfferView view={view} t={t} format={shopify.i18n} laterKey="later" />;
}
