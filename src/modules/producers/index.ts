// The door of the producers area: what other areas, the jobs and the app may use. Everything else is internal.
export { producersRoutes } from "./routes.js";
export { ownProducerIds } from "./service.js";
