import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../lib/logger.js";
import { ScanRecorder } from "./scan-recorder.js";
import { ScanService } from "./scan-service.js";
import { StampCache } from "./stamp-cache.js";

/** The stamp side's long-lived parts of one server: the view cache, the scan buffer and the scan service. */
export type StampRuntime = { cache: StampCache; recorder: ScanRecorder; scans: ScanService; stampKeys: string[] };

export function createStampRuntime(deps: { config: Config; database: Database; logger: Logger }): StampRuntime {
  const cache = new StampCache(deps.database.db);
  const recorder = new ScanRecorder(deps.database.db, deps.logger);
  recorder.start();
  const stampKeys = [deps.config.secrets.stampKey];
  return { cache, recorder, scans: new ScanService({ cache, recorder, stampKeys }), stampKeys };
}
