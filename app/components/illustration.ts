/** The picture of the app's empty states (Shopify's own, from its CDN). */
export const EMPTY_STATE_IMAGE =
  "https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png";
