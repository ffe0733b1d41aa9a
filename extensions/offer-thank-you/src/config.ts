// Where Patron answers: shopify.app.toml's application_url (logic.test.ts
// checks they agree). Checkout and customer account extensions run on
// Shopify's origins, so they call the app by its absolute URL; only admin
// extensions may use a relative one. Set it with application_url when the app
// is deployed. The demo's harness page bundles its own version of this module.
export const APP_URL = "https://localhost:3000";
