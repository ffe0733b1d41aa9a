// The app's settings for tests: the key and secret the Shopify test helpers sign with.
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { installConsoleGuard } from "../support/console";

process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;
process.env.SHOPIFY_APP_URL = "https://patron.test";
process.env.SCOPES =
  "read_customers,write_customers,read_orders,write_orders,read_discounts,write_discounts";
process.env.NODE_ENV = "test";
// A fixed key for tests only: secrets and uploads are encrypted at rest as in production.
process.env.PATRON_ENCRYPTION_KEY ??=
  "7f3c2a9d41b6e8057c19d2f4a6b3e1c08d5f7a2b4c6e9013f2d4b6a8c0e1f3a5";
// Warnings and errors only: the Shopify libraries' INFO lines would drown them.
process.env.PATRON_LOG_LEVEL ??= "warn";

installConsoleGuard();
