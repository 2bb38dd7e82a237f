import { and, count, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import type { OpenDataDay } from "../inputs.js";
import { openDataFiles, openDataManifests } from "../schema.js";

/** The published days, newest first, a page at a time (the bytes stay in the table). */
export async function listOpenDataDays(db: DbOrTx, limit: number, offset: number): Promise<{ items: OpenDataDay[]; total: number }> {
  const [{ n }] = (await db.select({ n: count() }).from(openDataManifests)) as [{ n: number }];
  const rows = await db
    .select({
      day: openDataManifests.day,
      sha256: openDataManifests.sha256,
      size: openDataManifests.size,
      auditSeq: openDataManifests.auditSeq,
      createdAt: openDataManifests.createdAt,
      files: sql<number>`(select count(*)::int from ${openDataFiles} f where f.day = ${openDataManifests.day})`,
    })
    .from(openDataManifests)
    .orderBy(desc(openDataManifests.day))
    .limit(limit)
    .offset(offset);
  return { items: rows.map((r) => ({ day: r.day, sha256: r.sha256, size: r.size, files: Number(r.files), auditSeq: r.auditSeq, publishedAt: r.createdAt.toISOString() })), total: Number(n) };
}

export async function openDataManifest(db: DbOrTx, day: string): Promise<{ bytes: Uint8Array; sha256: string } | undefined> {
  const [row] = await db.select({ bytes: openDataManifests.bytes, sha256: openDataManifests.sha256 }).from(openDataManifests).where(eq(openDataManifests.day, day));
  return row;
}

export async function openDataFile(db: DbOrTx, day: string, name: string): Promise<{ bytes: Uint8Array; sha256: string; contentType: string } | undefined> {
  const [row] = await db.select({ bytes: openDataFiles.bytes, sha256: openDataFiles.sha256, contentType: openDataFiles.contentType }).from(openDataFiles).where(and(eq(openDataFiles.day, day), eq(openDataFiles.name, name)));
  return row;
}
