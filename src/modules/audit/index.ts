// The door of the audit area: what other areas, the jobs and the app may use. Everything else is internal.
export { audit, type AuditChange, writeAudit } from "./audit-chain.js";
export { auditRoutes } from "./routes.js";
