// The door of the cycles area: what other areas, the jobs and the app may use. Everything else is internal.
export { cyclesApi } from "./api.js";
export { type CycleView } from "./inputs.js";
export { cyclePages } from "./pages.js";
export { getCycleRow, provinceIdOfPath } from "./queries.js";
export { listCycles } from "./service.js";
