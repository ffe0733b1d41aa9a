// purchase.thank-you.block.render: the offer this order earned, on the
// thank-you page. The page shows the moment checkout completes, usually
// before orders/create has reached Patron: the block asks Patron with its
// session token, waits briefly while the offer is being issued, and otherwise
// says it will arrive on the order status page and by email.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import { orderGid } from "./logic";
import { OfferView, useOfferView, type Translate } from "./ui";

declare const shopify: Api;

export default async () => {
  render(<ThankYouOffer />, document.body);
};

function ThankYouOffer() {
  const t: Translate = (key, options) => shopify.i18n.translate(key, options);
  // gid://shopify/OrderIdentity/<n> in practice; the number is the order's.
  const orderId = orderGid(shopify.orderConfirmation.value.order.id);
  const view = useOfferView("checkout", orderId, () => shopify.sessionToken.get());

  return <OfferView view={view} t={t} format={shopify.i18n} laterKey="later" />;
}
