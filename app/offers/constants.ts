// Where the offer is written on the order and the customer. A merchant
// namespace (not `$app`): notification templates' Liquid reads
// order.metafields.patron.offer; app-reserved namespaces are not offered there.
export const OFFER_NAMESPACE = "patron";
export const OFFER_KEY = "offer";
