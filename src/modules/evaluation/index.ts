// The door of the evaluation area: what other areas, the jobs and the app may use. Everything else is internal.
export { dossierPages } from "./dossier-pages.js";
export { evaluationPdfRoutes } from "./pdf-routes.js";
export { roundPages } from "./round-pages.js";
export { roundSetupPages } from "./round-setup-pages.js";
export { evaluationRoutes } from "./api.js";
