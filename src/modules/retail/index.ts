// The door of the retail area: what other areas, the jobs and the app may use. Everything else is internal.
export { retailPages } from "./pages.js";
export { retailApi } from "./api.js";
export { stockWarnings } from "./service.js";
