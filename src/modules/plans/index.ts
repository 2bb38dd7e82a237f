// The door of the plans area: what other areas, the jobs and the app may use. Everything else is internal.
export { api, budgetApi, ideaPlanApi } from "./api.js";
export { budgetPages, ideaPlanPages, pages } from "./pages.js";
export { plansWaiting } from "./queries.js";
