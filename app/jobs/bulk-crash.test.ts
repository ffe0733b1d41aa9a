import { bulkCrashScenario } from "../../test/support/bulk-crash-scenario";

// The database queue on SQLite (the embedded default).
bulkCrashScenario("database queue on SQLite", "bulk-crash-local.myshopify.com", () => ({}));
