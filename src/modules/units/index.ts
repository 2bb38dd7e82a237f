// The door of the units area: what other areas, the jobs and the app may use. Everything else is internal.
export { unitsApi } from "./api.js";
export { unitsPages } from "./pages.js";
export { districtPassedToProvince, getUnit, handlerOfUnit, listUnits, reachOfGrants, reformReach, stewardsOf, unitPathOf, type Stewards } from "./queries.js";
