// The door of the watch area: what other areas, the jobs and the app may use. Everything else is internal.
export { startWebhookDispatcher } from "./dispatcher.js";
export { enqueueCertificateChange, refreshWatches } from "./outbox.js";
export { watchRoutes } from "./routes.js";
