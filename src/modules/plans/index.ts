// The door of the plans area: what other areas, the jobs and the app may use. Everything else is internal.
export { planPages } from "./plan-page-routes.js";
export { plansRoutes } from "./routes.js";
