import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { Config } from "../../../config.js";
import type { AppEnv } from "../../../http/env.js";
import type { Database } from "../../../db/client.js";
import type { Logger } from "../../../lib/logger.js";
import { ScanRecorder, type ScanSink } from "./scan-recorder.js";
import { ScanService } from "../services/scans.js";
import { StampCache } from "./stamp-cache.js";
import { CHANGE_CHANNEL, parseChangeNote } from "../../../db/change-notes.js";

/** The stamp side's long-lived parts of one server: the view cache, the scan buffer and the scan service. */
export type StampRuntime = { cache: StampCache; recorder: ScanSink; scans: ScanService; stampKeys: string[]; stopListening?: () => Promise<void> };

type RuntimeDeps = { config: Config; database: Database; logger: Logger };

// One runtime per set of injected deps (one server, one test app); a WeakMap keeps it out of the kernel's Deps
// type, which must not know any area, and lets it go with the deps.
const runtimes = new WeakMap<RuntimeDeps, StampRuntime>();

/** The stamp runtime of these deps, made (and its scan flusher started) on first use. */
export function stampRuntime(deps: RuntimeDeps): StampRuntime {
  let rt = runtimes.get(deps);
  if (!rt) {
    rt = createStampRuntime(deps);
    runtimes.set(deps, rt);
  }
  return rt;
}

/**
 * Gives these deps a runtime made elsewhere instead of the Node one (the Worker's: short-lived views, rows
 * written after each response); call it before the first request.
 */
export function provideStampRuntime(deps: RuntimeDeps, runtime: StampRuntime): void {
  runtimes.set(deps, runtime);
}

/** The stamp runtime of the request's deps. */
export const runtimeOf = (c: Context<AppEnv>): StampRuntime => stampRuntime(c.get("deps"));

/** Writes buffered scans and stops the flusher, if these deps ever made a runtime (the server's shutdown). */
export async function stopStampRuntime(deps: RuntimeDeps): Promise<void> {
  const rt = runtimes.get(deps);
  await rt?.stopListening?.();
  await rt?.recorder.stop();
}

function createStampRuntime(deps: RuntimeDeps): StampRuntime {
  // This process's name in the notes of the stamps it scans, so it does not re-read its own.
  const origin = randomUUID();
  const recorder = new ScanRecorder(deps.database.db, deps.logger, undefined, origin);
  const cache = new StampCache(deps.database.db, undefined, (stampId) => recorder.settle(stampId));
  recorder.start();
  const stampKeys = [deps.config.secrets.stampKey];
  // Voids, activations and certificate changes made by any process reach this cache as soon as they commit
  // (issue 14: through another process a void scanned "genuine" for up to 5 minutes). Missed notes (the listening
  // connection reconnecting) are covered by the cache's TTLs.
  const listening = deps.database.listen?.(CHANGE_CHANNEL, (payload) => {
    const note = parseChangeNote(payload);
    if (note?.kind === "batch") cache.forgetBatch(note.batchId);
    else if (note?.kind === "certificates") cache.forgetFacts();
    else if (note?.kind === "scans" && note.from !== origin) cache.scannedElsewhere(note.stampIds);
  });
  listening?.catch((err: unknown) => deps.logger.warn("change notes not received; the scan cache relies on its TTL", { err: String(err) }));
  const stopListening = async () => {
    const unlisten = await listening?.catch(() => undefined);
    await unlisten?.().catch(() => undefined);
  };
  return { cache, recorder, scans: new ScanService({ cache, recorder, stampKeys }), stampKeys, stopListening };
}
