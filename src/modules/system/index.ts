// The door of the system area: what other areas, the jobs and the app may use. Everything else is internal.
export { healthApi } from "./api.js";
export { apiDocsPages, homePages } from "./pages.js";
