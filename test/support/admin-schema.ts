// The official Admin API 2026-10 schema, loaded once per process (shared with the store simulator).
export { adminSchema } from "../store/schema";
