// The door of the stamps area: what other areas, the jobs and the app may use. Everything else is internal.
export { batchesApi, reportsApi, stampsApi } from "./api.js";
export { batchPages, reportFormPages, reportPages, scanStatsPages } from "./pages.js";
export { SCAN_CSS_HASH } from "./views/scan.js";
export { stampsPublic } from "./public.js";
export { runtimeOf, stopStampRuntime } from "./runtime/stamp-runtime.js";
export { type ScanResult } from "./inputs.js";
export { provideStampRuntime } from "./runtime/stamp-runtime.js";
export { EDGE_VIEW_TTL_MS, edgeStampRuntime } from "./runtime/edge-runtime.js";
export { archiveScanMonth, ensureScanPartitions, exportScanMonth, listScanPartitions, type ArchiveResult, type ScanExportFormat } from "./services/scan-partitions.js";
export { batchesWaiting } from "./services/batches.js";
export { reportsWaiting } from "./services/reports.js";
export { sellStamp } from "./services/lifecycle.js";
export { openFakeReports, stampFigures, type MonthPeriod, type StampFigures } from "./queries/figures.js";
export { refreshScanRollup, type RollupRun } from "./services/scan-rollup.js";
