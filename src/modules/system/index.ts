// The door of the system area: what other areas, the jobs and the app may use. Everything else is internal.
export { apiDocsRoutes } from "./api-docs.js";
export { systemRoutes } from "./routes.js";
