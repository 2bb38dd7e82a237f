// The door of the producers area: what other areas, the jobs and the app may use. Everything else is internal.
export { producersApi } from "./api.js";
export { producersPages } from "./pages.js";
export { ownProducerIds } from "./service.js";
