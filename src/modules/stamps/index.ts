// The door of the stamps area: what other areas, the jobs and the app may use. Everything else is internal.
export { stampBatchPages } from "./batch-pages.js";
export { gs1Routes } from "./gs1-routes.js";
export { reportRoutes } from "./report-routes.js";
export { stampRoutes } from "./api.js";
export { stopStampRuntime } from "./runtime/stamp-runtime.js";
export { SCAN_CSS_HASH } from "./views/scan.js";
export { runtimeOf, scanRoutes } from "./public.js";
export { type ScanResult } from "./services/scans.js";
export { scanStatsPages } from "./scan-stats-pages.js";
