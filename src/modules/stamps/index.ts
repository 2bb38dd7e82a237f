// The door of the stamps area: what other areas, the jobs and the app may use. Everything else is internal.
export { stampBatchPages } from "./batch-pages.js";
export { reportRoutes } from "./report-routes.js";
export { stampRoutes } from "./api.js";
export { SCAN_CSS_HASH } from "./views/scan.js";
export { stampsPublic } from "./public.js";
export { runtimeOf, stopStampRuntime } from "./runtime/stamp-runtime.js";
export { type ScanResult } from "./inputs.js";
export { scanStatsPages } from "./scan-stats-pages.js";
