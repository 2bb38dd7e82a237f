// The door of the reporting area (monthly reports): what other areas, the jobs and the app may use.
export { api } from "./api.js";
export { pages } from "./pages.js";
export { homeAlerts } from "./queries/home.js";
