// The door of the plans area: what other areas, the jobs and the app may use. Everything else is internal.
export { planPages } from "./pages.js";
export { plansRoutes } from "./api.js";
