/** The store simulator's public surface (see README.md). */
export { ActionError, ShopActions, type NewCustomer, type NewOrder } from "./actions";
export { signSessionToken, verifySessionToken, type SessionTokenInput } from "./auth";
export { SimClock } from "./clock";
export type { FaultConfig, FaultKind, FaultUpdate } from "./faults";
export {
  startMailCapture,
  type CapturedMail,
  type MailCapture,
  type MailCaptureOptions,
} from "./mail-capture";
export type { InviteEmail, Plan } from "./model";
export { INVITE_LIMIT_MESSAGE } from "./resolvers/customer-mutations";
export { seedShop, type SeedOptions, type SeedSummary } from "./seed";
export { SHOP_STATUSES, type ShopStatus } from "./shop-status";
export {
  cliOptions,
  startStoreSimulator,
  type StoreSimulator,
  type StoreSimulatorOptions,
} from "./server";
export {
  DEFAULT_SCOPES,
  normalizeDomain,
  Simulator,
  type ShopConfig,
  type SimulatorOptions,
} from "./simulator";
export { parseWebhookToml, type WebhookConfig, type WebhookSubscription } from "./toml";
export { signWebhook, type DeliveryAttempt, type WebhookEvent } from "./webhooks";
