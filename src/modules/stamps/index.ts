// The door of the stamps area: what other areas, the jobs and the app may use. Everything else is internal.
export { stampBatchPages } from "./batch-pages.js";
export { gs1Routes } from "./gs1-routes.js";
export { reportRoutes } from "./report-routes.js";
export { stampRoutes } from "./routes.js";
export { stopStampRuntime } from "./runtime.js";
export { SCAN_CSS_HASH } from "./scan-page.js";
export { runtimeOf, scanRoutes } from "./scan-routes.js";
export { type ScanResult } from "./scan-service.js";
export { scanStatsPages } from "./scan-stats-pages.js";
