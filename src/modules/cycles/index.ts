// The door of the cycles area: what other areas, the jobs and the app may use. Everything else is internal.
export { cyclePages } from "./cycle-page-routes.js";
export { type CycleView } from "./inputs.js";
export { cyclesRoutes } from "./routes.js";
export { getCycleRow, listCycles, provinceIdOfPath } from "./service.js";
