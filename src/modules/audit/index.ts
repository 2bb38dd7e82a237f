// The door of the audit area: what other areas, the jobs and the app may use. Everything else is internal.
export { audit, type AuditChange, checkpointHead, checkpointHeadNow, writeAudit } from "./service.js";
export { auditApi } from "./api.js";
export { auditPages } from "./pages.js";
export { auditPublic } from "./public.js";
export { useAuditSigningKey } from "./runtime/signing.js";
export { lastActionsOf } from "./queries.js";
export { actionLabel } from "./views/labels.js";
export { subjectOf } from "./views/audit-log.js";
export type { AuditRecord } from "./inputs.js";
