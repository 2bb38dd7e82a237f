import { sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../../db/client.js";
import { archivable, DEFAULT_SCAN_PARTITION, monthBounds, monthOfPartition, monthsAhead, MONTHS_AHEAD, parseMonth, partitionName, SCAN_TABLE } from "../../../domain/scan-partitions.js";
import { writeAudit } from "../../audit/index.js";
import { rowsOf } from "./bulk-insert.js";

/*
 * The month partitions of stamp_scans, on the database side (the rule is src/domain/scan-partitions.ts).
 *
 * A month's partition is made ahead of its scans by the daily job. Should a scan arrive for a month without
 * one (the Node server, which runs the job, was down across the months ahead; a Worker-only deployment), it
 * lands in the DEFAULT partition rather than being refused; the next run of the job then makes that month's
 * partition and moves the rows over, so the default partition stays empty. PostgreSQL refuses to create a
 * partition whose range has rows in the default partition, so the rows are taken out of it first, all in one
 * transaction under an ACCESS EXCLUSIVE lock on the parent (the lock CREATE TABLE … PARTITION OF takes anyway,
 * taken first so scan inserts queue behind it instead of deadlocking with it). A month already made costs a
 * catalogue lookup and no lock, so the job may run every hour.
 */

/** Columns in table order, named: an INSERT … SELECT between tables never depends on their physical order. */
const COLUMNS = sql.raw("id, stamp_id, at, country, region, verdict, repeat, times");
// A scan insert waits behind the lock; a report holding the table makes the job give up and try next hour.
const LOCK_TIMEOUT = sql.raw("set local lock_timeout = '5s'");

/** A timestamptz literal for a partition bound (DDL takes no parameters); from a Date, so always well formed. */
const bound = (d: Date) => sql.raw(`'${d.toISOString()}'`);

type State = "attached" | "detached" | "absent";

/** Whether a table of that name is one of stamp_scans' partitions, a table on its own, or not there. */
async function stateOf(db: DbOrTx, name: string): Promise<State> {
  const [r] = rowsOf<{ found: boolean; attached: boolean }>(
    await db.execute(sql`select to_regclass(${name}) is not null as found,
      exists (select 1 from pg_inherits where inhrelid = to_regclass(${name}) and inhparent = to_regclass(${SCAN_TABLE})) as attached`),
  );
  return r?.attached ? "attached" : r?.found ? "detached" : "absent";
}

export type EnsuredPartition = { month: string; name: string; created: boolean; moved: number; skipped?: "detached" };

/**
 * Makes the month's partition if it is not there (idempotent), moving into it any scans of that month the
 * default partition holds. A detached (archived) table of the same name is left alone: its month is not made
 * again while the archive sits beside the live table, and its late scans stay in the default partition.
 */
export async function ensureScanPartition(db: Db, month: string): Promise<EnsuredPartition> {
  const name = partitionName(month);
  const done = (created: boolean, moved = 0, skipped?: "detached"): EnsuredPartition => ({ month, name, created, moved, ...(skipped ? { skipped } : {}) });
  const before = await stateOf(db, name);
  if (before === "attached") return done(false);
  if (before === "detached") return done(false, 0, "detached");
  return db.transaction(async (tx) => {
    await tx.execute(LOCK_TIMEOUT);
    await tx.execute(sql`lock table only ${sql.identifier(SCAN_TABLE)} in access exclusive mode`);
    // Another process may have made it while this one waited for the lock.
    const state = await stateOf(tx, name);
    if (state !== "absent") return done(false, 0, state === "detached" ? "detached" : undefined);
    const { from, to } = monthBounds(month);
    const moved = (await stateOf(tx, DEFAULT_SCAN_PARTITION)) === "attached" ? await takeFromDefault(tx, from, to) : 0;
    await tx.execute(sql`create table ${sql.identifier(name)} partition of ${sql.identifier(SCAN_TABLE)} for values from (${bound(from)}) to (${bound(to)})`);
    if (moved) {
      // Through the parent, ids kept: the rows are routed to the partition just made.
      await tx.execute(sql`insert into ${sql.identifier(SCAN_TABLE)} (${COLUMNS}) overriding system value select ${COLUMNS} from pg_temp.stamp_scans_moving`);
      await tx.execute(sql`drop table pg_temp.stamp_scans_moving`);
    }
    return done(true, moved);
  });
}

/** Moves the default partition's rows in [from, to) into a temporary table; how many. */
async function takeFromDefault(tx: Tx, from: Date, to: Date): Promise<number> {
  const dflt = sql.identifier(DEFAULT_SCAN_PARTITION);
  const [c] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${dflt} where at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz`));
  const n = Number(c?.n ?? 0);
  if (!n) return 0;
  await tx.execute(sql`drop table if exists pg_temp.stamp_scans_moving`);
  await tx.execute(sql`create temporary table stamp_scans_moving (like ${sql.identifier(SCAN_TABLE)}) on commit drop`);
  await tx.execute(sql`with moved as (delete from ${dflt} where at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz returning ${COLUMNS})
    insert into pg_temp.stamp_scans_moving (${COLUMNS}) select ${COLUMNS} from moved`);
  return n;
}

/** The months whose scans sit in the default partition (none, when the job keeps up). */
export async function monthsInDefault(db: DbOrTx): Promise<string[]> {
  if ((await stateOf(db, DEFAULT_SCAN_PARTITION)) !== "attached") return [];
  const rows = rowsOf<{ month: string }>(
    await db.execute(sql`select distinct to_char(at at time zone 'UTC', 'YYYY-MM') as month from ${sql.identifier(DEFAULT_SCAN_PARTITION)} order by 1`),
  );
  return rows.map((r) => parseMonth(r.month)).filter((m): m is string => m !== null);
}

/**
 * The daily job's step: the current month and MONTHS_AHEAD after it have their partitions, and every month with
 * scans in the default partition gets its own (the rows moved), so the default stays empty. Idempotent.
 */
export async function ensureScanPartitions(db: Db, now: Date, ahead = MONTHS_AHEAD): Promise<{ created: string[]; moved: number; skipped: string[] }> {
  const months = [...new Set([...monthsAhead(now, ahead), ...(await monthsInDefault(db))])].sort();
  const out = { created: [] as string[], moved: 0, skipped: [] as string[] };
  for (const month of months) {
    const r = await ensureScanPartition(db, month);
    if (r.created) out.created.push(r.name);
    if (r.skipped) out.skipped.push(r.name);
    out.moved += r.moved;
  }
  return out;
}

export type ScanPartition = { name: string; month: string | null; bound: string };

/** The partitions attached to stamp_scans, months in order and the default last. */
export async function listScanPartitions(db: DbOrTx): Promise<ScanPartition[]> {
  const rows = rowsOf<{ name: string; bound: string }>(
    await db.execute(sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass(${SCAN_TABLE})`),
  );
  return rows
    .map((r) => ({ name: r.name, month: monthOfPartition(r.name), bound: r.bound }))
    .sort((a, b) => (a.month ?? "9999").localeCompare(b.month ?? "9999"));
}

// ---- archiving a month ----

export type ScanExportFormat = "csv" | "jsonl";
type ScanLine = { id: number; stampId: number; at: string; country: string | null; region: string | null; verdict: string; repeat: boolean; times: number };

const CSV_HEADER = "id,stamp_id,at,country,region,verdict,repeat,times";
const csvField = (v: string | null) => (v === null ? "" : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function lineOf(r: ScanLine, format: ScanExportFormat): string {
  if (format === "jsonl") return JSON.stringify(r);
  return [String(r.id), String(r.stampId), r.at, csvField(r.country), csvField(r.region), csvField(r.verdict), String(r.repeat), String(r.times)].join(",");
}

/**
 * Writes every row of a month's partition, in id order, a page of `page` rows at a time (keyset on the primary
 * key, so memory stays flat however large the month): a CSV header and one line a row, or one JSON object a
 * line. Resolves to the number of rows written.
 */
export async function exportScanMonth(db: DbOrTx, month: string, format: ScanExportFormat, write: (text: string) => Promise<void> | void, page = 10_000): Promise<number> {
  const table = sql.identifier(partitionName(month));
  if (format === "csv") await write(CSV_HEADER + "\n");
  let last = "0";
  let n = 0;
  for (;;) {
    // bigints as text (postgres.js and PGlite agree on text), under other names: ORDER BY id must mean the
    // column, not a text output column of the same name (text order put "100000" before "99999").
    const rows = rowsOf<{ id_text: string; stamp_id_text: string; at: string | Date; country: string | null; region: string | null; verdict: string; repeat: boolean; times: number }>(
      await db.execute(sql`select id::text as id_text, stamp_id::text as stamp_id_text, at, country, region, verdict, repeat, times from ${table} where id > ${last}::bigint order by id limit ${page}`),
    );
    if (!rows.length) return n;
    let text = "";
    for (const r of rows) {
      text += lineOf({ id: Number(r.id_text), stampId: Number(r.stamp_id_text), at: new Date(r.at).toISOString(), country: r.country, region: r.region, verdict: r.verdict, repeat: r.repeat, times: Number(r.times) }, format) + "\n";
    }
    await write(text);
    n += rows.length;
    last = rows[rows.length - 1]!.id_text;
  }
}

export type ArchiveRefusal = "current" | "future" | "absent" | "detached" | "changed";
export type ArchiveResult =
  | { ok: true; month: string; name: string; rows: number; exported: number | null; dropped: boolean }
  | { ok: false; month: string; name: string; reason: ArchiveRefusal };

/**
 * Archives a month wholly in the past: writes its rows out first (when `out` is given), then detaches its
 * partition from stamp_scans, so the month is no longer read by any query and the table beside it (same name)
 * can be dumped and dropped; with `drop` (only after an export) it is dropped here. The detach, the drop and
 * an audit record commit together; if the month's rows changed after the export the detach is refused.
 * The current and future months are refused: they are where scans are being and will be written.
 */
export async function archiveScanMonth(
  db: Db,
  p: { month: string; now: Date; out?: { format: ScanExportFormat; write: (text: string) => Promise<void> | void; file?: string }; drop?: boolean },
): Promise<ArchiveResult> {
  const { month } = p;
  const name = partitionName(month);
  const refuse = (reason: ArchiveRefusal): ArchiveResult => ({ ok: false, month, name, reason });
  const when = archivable(month, p.now);
  if (!when.ok) return refuse(when.reason);
  const state = await stateOf(db, name);
  if (state !== "attached") return refuse(state);
  const exported = p.out ? await exportScanMonth(db, month, p.out.format, p.out.write) : null;
  const drop = !!p.drop && exported !== null;
  return db.transaction(async (tx) => {
    await tx.execute(LOCK_TIMEOUT);
    // Writes to the month wait (a late scan of it; there should be none) until the detach commits.
    await tx.execute(sql`lock table ${sql.identifier(name)} in share mode`);
    const [c] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`));
    const rows = Number(c?.n ?? 0);
    if (exported !== null && rows !== exported) return refuse("changed");
    await tx.execute(sql`alter table ${sql.identifier(SCAN_TABLE)} detach partition ${sql.identifier(name)}`);
    if (drop) await tx.execute(sql`drop table ${sql.identifier(name)}`);
    await writeAudit(
      tx,
      { actorId: null, action: "stamp_scans.archive_month", subjectType: "stamp_scans_partition", subjectId: name, after: { month, rows, exported, file: p.out?.file ?? null, format: p.out?.format ?? null, dropped: drop } },
      p.now,
    );
    return { ok: true as const, month, name, rows, exported, dropped: drop };
  });
}
