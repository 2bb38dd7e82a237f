// The door of the watch area: what other areas, the jobs and the app may use. Everything else is internal.
export { startWebhookDispatcher } from "./services/dispatcher.js";
export { enqueueCertificateChange, refreshWatches } from "./services/outbox.js";
export { api } from "./api.js";
