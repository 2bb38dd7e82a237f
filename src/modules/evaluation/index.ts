// The door of the evaluation area: what other areas, the jobs and the app may use. Everything else is internal.
export { appealsApi, dossiersApi, roundsApi } from "./api.js";
export { appealsWaiting } from "./services/appeals.js";
export { appealsPages, dossiersPages, productDossierPages, roundsPages } from "./pages.js";
export { evaluationWaiting } from "./queries.js";
