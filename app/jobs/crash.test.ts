import { crashScenario } from "../../test/support/crash-scenario";

// The database queue on SQLite: the worker is a separate process sharing the file.
crashScenario("database queue on SQLite", "crash-local.myshopify.com", () => ({}));
