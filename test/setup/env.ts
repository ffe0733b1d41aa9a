// The app's settings for tests: the key and secret the Shopify test helpers sign with.
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";

process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;
process.env.SHOPIFY_APP_URL = "https://patron.test";
process.env.SCOPES = "read_customers,write_customers,read_orders,read_discounts,write_discounts";
process.env.NODE_ENV = "test";
