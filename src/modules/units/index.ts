// The door of the units area: what other areas, the jobs and the app may use. Everything else is internal.
export { unitsRoutes } from "./routes.js";
export { getUnit, listUnits, unitPathOf } from "./service.js";
