import { createHash } from "node:crypto";
import { desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { canonicalJson } from "../../../lib/canonical-json.js";
import { vnToday } from "../../../lib/dates.js";
import { checkpointHeadNow } from "../../audit/index.js";
import { auditCheckpoints } from "../../audit/schema.js";
import { OPEN_DATA_FORMAT, type AuditAnchor, type Manifest } from "../inputs.js";
import { datasetFiles, snapshotDatasets } from "../queries/snapshot.js";
import { openDataFiles, openDataManifests } from "../schema.js";

/*
 * The daily publication of the open data (called by the hourly job): the registry as of today's Vietnam date,
 * its files and the manifest chaining the day to the previous published day and to the audit chain's signed
 * head. Once a day is published it is never redone: the job calls this every hour, a second server process may
 * call it at the same moment, and a rerun finds the day's manifest and changes nothing.
 *
 * Missed days are not back-filled. A certificate's status on a past day could be derived again, but the products,
 * producers and points of sale are not kept as dated versions, so a late "snapshot of 3 March" would be today's
 * facts under an old date — the one thing a dated snapshot must never be. A gap shows in the chain instead: each
 * manifest names the previous published day.
 */

export const GENESIS = "0".repeat(64);
// Any constant: it only serialises publishers of the open data with each other.
const PUBLISH_LOCK_KEY = 7_042_019;

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export type PublishRun = { day: string; published: boolean; sha256: string | null; reason?: "exists" | "older_than_newest" };

export async function publishOpenData(db: Db, now: Date, baseUrl: string): Promise<PublishRun> {
  const day = vnToday(now);
  const [done] = await db.select({ sha256: openDataManifests.sha256 }).from(openDataManifests).where(eq(openDataManifests.day, day));
  if (done) return { day, published: false, sha256: done.sha256, reason: "exists" };
  // The head is signed first (its own transaction; nothing new if it has not moved), so the manifest names a
  // checkpoint covering every audit record written before the day was published.
  await checkpointHeadNow(db, now);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`);
    const [again] = await tx.select({ sha256: openDataManifests.sha256 }).from(openDataManifests).where(eq(openDataManifests.day, day));
    if (again) return { day, published: false, sha256: again.sha256, reason: "exists" as const };
    const [newest] = await tx.select({ day: openDataManifests.day }).from(openDataManifests).orderBy(desc(openDataManifests.day)).limit(1);
    // A clock set back must not insert a day into the middle of the chain.
    if (newest && newest.day > day) return { day, published: false, sha256: null, reason: "older_than_newest" as const };
    const [previous] = await tx.select({ day: openDataManifests.day, sha256: openDataManifests.sha256 }).from(openDataManifests).where(lt(openDataManifests.day, day)).orderBy(desc(openDataManifests.day)).limit(1);
    const [cp] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
    const auditHead: AuditAnchor | null = cp ? { seq: cp.seq, hash: cp.hash, at: cp.at.toISOString(), kid: cp.kid, jws: cp.jws } : null;

    const files = (await snapshotDatasets(tx, day)).flatMap((d) => datasetFiles(day, d));
    const at = new Date(Math.floor(now.getTime()));
    const manifest: Manifest = {
      format: OPEN_DATA_FORMAT,
      registry: baseUrl,
      day,
      publishedAt: at.toISOString(),
      files: files.map((f) => ({ name: f.name, contentType: f.contentType, sha256: sha256(f.bytes), bytes: f.bytes.byteLength, records: f.records, href: `/open-data/${day}/${f.name}` })),
      previous: previous?.sha256 ?? GENESIS,
      previousDay: previous?.day ?? null,
      auditHead,
    };
    // Canonical JSON (sorted keys): a verifier re-serialising the parsed manifest gets the same bytes and hash.
    const bytes = new TextEncoder().encode(canonicalJson(manifest));
    const digest = sha256(bytes);
    for (const [i, f] of files.entries()) {
      await tx.insert(openDataFiles).values({ day, name: f.name, contentType: f.contentType, bytes: f.bytes, sha256: manifest.files[i]!.sha256, size: f.bytes.byteLength, records: f.records, createdAt: at });
    }
    await tx.insert(openDataManifests).values({ day, bytes, sha256: digest, size: bytes.byteLength, previousSha256: manifest.previous, auditSeq: auditHead?.seq ?? null, createdAt: at });
    return { day, published: true, sha256: digest };
  });
}
