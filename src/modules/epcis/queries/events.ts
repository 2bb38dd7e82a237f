import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { KIND_OF_ORDER, KIND_ORDER, type EventKind, type EventRow, type PageKey } from "../../../domain/epcis.js";

/*
 * One page of EPCIS events in ONE statement, whatever the page size: a UNION ALL of one branch per kind of fact,
 * each ordered by (instant, key) and cut at the page size by itself, so each stops early on its index (issued
 * batches by their small table; activations and voids by their audit records on audit_log_action_at_idx, sales on
 * stamp_sales_sold_idx; the scans on the daily roll-up stamp_scan_days, never stamp_scans),
 * then merged, cut again and joined once to products, lots and points of sale. Paging is a keyset on
 * (instant, kind, k1, k2, k3): a page starts strictly after the last event of the one before, so a walk sees each
 * event once even while new ones are written. New events come at the end (they happen now), except a day's scans,
 * published when the day settles, two to three days after it: a harvester that follows the feed asks again from
 * a few days back (`from`), and the stable eventIDs tell it what it has.
 *
 * Every source is append-only or written once per fact (a batch is issued once, an audit record and a sale never
 * change), so an event and its id are stable.
 *
 * Scans: a day is published once it is settled: the roll-up recounts the two days before its last `through` (late
 * rows), so only days before `through - 2` are final. The roll-up keeps 40 days; older days are in no event.
 */

export type EventFilter = {
  productId?: number | undefined;
  batchId?: number | undefined;
  lot?: string | undefined;
  /** One stamp's serial (the printed code's first 12 characters). */
  serial?: string | undefined;
  /** Instants, ISO; `to` excluded. */
  from?: string | undefined;
  to?: string | undefined;
  kinds: ReadonlySet<EventKind>;
  after?: PageKey | undefined;
  /** Only activations that are (true) or are not (false) the first use of their lot: commissioning vs creating_class_instance. */
  firstUse?: boolean | undefined;
  limit: number;
};

const ts = (iso: string) => sql`${iso}::timestamptz`;

function timeAndCursor(f: EventFilter, kind: EventKind, t: SQL, k1: SQL, k2: SQL, k3: SQL): SQL {
  const parts: SQL[] = [];
  if (f.from) parts.push(sql`${t} >= ${ts(f.from)}`);
  if (f.to) parts.push(sql`${t} < ${ts(f.to)}`);
  const c = f.after;
  if (c) {
    const mine = KIND_ORDER[kind];
    if (mine > c.kind) parts.push(sql`${t} >= ${ts(c.at)}`);
    else if (mine < c.kind) parts.push(sql`${t} > ${ts(c.at)}`);
    // The bare `t >= …` is what an index on the instant can use; the row comparison settles ties.
    else parts.push(sql`${t} >= ${ts(c.at)} and (${t} > ${ts(c.at)} or (${k1}, ${k2}, ${k3} collate "C") > (${c.k1}::bigint, ${c.k2}::bigint, ${c.k3}::text collate "C"))`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

const lotIds = (f: EventFilter) => sql`(select id from production_lots where lot_number = ${f.lot}${f.productId ? sql` and product_id = ${f.productId}` : sql``})`;
const andIf = (cond: unknown, s: SQL) => (cond ? sql` and ${s}` : sql``);
// In the collation of stamps' unique index on serial ("C"), so the lookup uses it.
const stampOf = (f: EventFilter, alias: string) => sql`${sql.raw(alias)}.serial collate "C" = ${f.serial}`;

function issued(f: EventFilter): SQL | null {
  if (f.lot) return null;
  return sql`(select 1 as kind, b.issued_at as t, b.id::bigint as k1, 0::bigint as k2, ''::text as k3, b.product_id, b.id as batch_id, b.certificate_id,
      b.quantity::bigint as n, 1 as seq_from, b.quantity as seq_to, null::int as lot_id, null::text as serial, null::int as retail_point_id,
      null::date as day, null::text as country, null::text as region, null::boolean as first_use
    from stamp_batches b
    where b.issued_at is not null and b.state in ('issued', 'printed')${andIf(f.productId, sql`b.product_id = ${f.productId}`)}${andIf(f.batchId, sql`b.id = ${f.batchId}`)}${andIf(f.serial, sql`b.id = (select s.batch_id from stamps s where ${stampOf(f, "s")})`)}
      and ${timeAndCursor(f, "issued", sql`b.issued_at`, sql`b.id::bigint`, sql`0::bigint`, sql`''::text`)}
    order by 2, 3 limit ${f.limit})`;
}

/**
 * Activations or voids, one per operation: each activation and each void writes its audit record in its own
 * transaction (stamps/services/lifecycle.ts), with the batch, the print-order range and how many stamps it changed,
 * so an event costs one row however many stamps it covers (counting a million-stamp activation from the stamps
 * would read a million rows for one event). Operations that changed nothing (all stamps skipped) are no event.
 */
function fromAudit(f: EventFilter, kind: "activated" | "voided"): SQL {
  const action = kind === "activated" ? "stamps.activate" : "stamps.void";
  const counted = sql.raw(kind === "activated" ? "'activated'" : "'voided'");
  const changedAt = sql.raw(kind === "activated" ? "activated_at" : "voided_at");
  const batch = sql`a.subject_id::int`;
  // Every filter is applied to the audit records themselves, before the page's cut, and the joins come after it:
  // the planner cannot estimate the JSON fields, and so joined it read every activation to keep 100 (measured on
  // a million audit records: 460 ms, against 1 ms for this walk of audit_log_action_at_idx). The subject type
  // (implied by the action) is named only for a product or batch filter, where audit_log_subject_idx is the path.
  const filters = [
    f.productId ? sql`a.subject_id in (select id::text from stamp_batches where product_id = ${f.productId})` : null,
    f.batchId ? sql`a.subject_id = ${String(f.batchId)}` : null,
    !f.lot
      ? null
      : kind === "activated"
        ? sql`a.after -> 'lot' ->> 'lotNumber' = ${f.lot}`
        : sql`exists (select 1 from stamps s where s.batch_id = ${batch} and s.seq between (a.after ->> 'fromSeq')::int and (a.after ->> 'toSeq')::int and s.lot_id in ${lotIds(f)})`,
    f.serial ? sql`exists (select 1 from stamps s where ${stampOf(f, "s")} and s.batch_id = ${batch} and s.${changedAt} = a.at)` : null,
    kind === "activated" && f.firstUse !== undefined
      ? sql`${sql.raw(f.firstUse ? "" : "not ")}exists (select 1 from production_lots fl join stamp_batches fb on fb.product_id = fl.product_id
          where fb.id = ${batch} and fl.lot_number = a.after -> 'lot' ->> 'lotNumber' and fl.created_at = a.at)`
      : null,
  ].filter((x): x is SQL => x !== null);
  // An activation names its lot (by number, unique per product); a void of one stamp takes that stamp's lot.
  const lotJoin =
    kind === "activated"
      ? sql`left join production_lots l on l.product_id = b.product_id and l.lot_number = a.lot_number`
      : sql`left join stamps one on one.batch_id = b.id and one.seq = a.seq_from and a.seq_from = a.seq_to
         left join production_lots l on l.id = one.lot_id`;
  return sql`(select ${sql.raw(String(KIND_ORDER[kind]))} as kind, a.at as t, a.seq::bigint as k1, 0::bigint as k2, ''::text as k3, b.product_id, b.id as batch_id, b.certificate_id,
      a.n, a.seq_from, a.seq_to, l.id as lot_id, null::text as serial, null::int as retail_point_id, null::date as day, null::text as country, null::text as region,
      ${kind === "activated" ? sql`l.created_at = a.at` : sql`null::boolean`} as first_use
    from (select a.at, a.seq, a.subject_id, (a.after ->> ${counted})::bigint as n, (a.after ->> 'fromSeq')::int as seq_from, (a.after ->> 'toSeq')::int as seq_to,
        a.after -> 'lot' ->> 'lotNumber' as lot_number
      from audit_log a
      where a.action = ${action}${f.productId || f.batchId ? sql` and a.subject_type = 'stamp_batch'` : sql``} and (a.after ->> ${counted})::int > 0${sql.join(filters.map((x) => sql` and ${x}`), sql``)}
        and ${timeAndCursor(f, kind, sql`a.at`, sql`a.seq::bigint`, sql`0::bigint`, sql`''::text`)}
      order by a.at, a.seq limit ${f.limit}) a
    join stamp_batches b on b.id::text = a.subject_id
    ${lotJoin}
    order by 2, 3 limit ${f.limit})`;
}

function sold(f: EventFilter): SQL {
  return sql`(select 4 as kind, ss.sold_at as t, ss.stamp_id::bigint as k1, 0::bigint as k2, ''::text as k3, b.product_id, st.batch_id, b.certificate_id,
      1::bigint as n, st.seq as seq_from, st.seq as seq_to, st.lot_id, st.serial, ss.retail_point_id, null::date as day, null::text as country, null::text as region, null::boolean as first_use
    from stamp_sales ss
    join stamps st on st.id = ss.stamp_id
    join stamp_batches b on b.id = st.batch_id
    where ${timeAndCursor(f, "sold", sql`ss.sold_at`, sql`ss.stamp_id::bigint`, sql`0::bigint`, sql`''::text`)}${andIf(f.productId, sql`b.product_id = ${f.productId}`)}${andIf(f.batchId, sql`st.batch_id = ${f.batchId}`)}${andIf(f.lot, sql`st.lot_id in ${lotIds(f)}`)}${andIf(f.serial, stampOf(f, "st"))}
    order by 2, 3 limit ${f.limit})`;
}

function scanned(f: EventFilter): SQL | null {
  if (f.lot || f.batchId || f.serial) return null;
  // A day's count is known once the day is over: the event is at its last millisecond (23:59:59.999 +07:00).
  const t = sql`(((d.day + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh') - interval '1 millisecond')`;
  const place = sql`(coalesce(d.country, '') || '|' || coalesce(d.region, ''))`;
  return sql`(select 5 as kind, ${t} as t, d.product_id::bigint as k1, 0::bigint as k2, ${place} as k3, d.product_id, null::int as batch_id, null::int as certificate_id,
      d.scans::bigint as n, null::int as seq_from, null::int as seq_to, null::int as lot_id, null::text as serial, null::int as retail_point_id,
      d.day, d.country, d.region, null::boolean as first_use
    from stamp_scan_days d
    where d.day < (select r.through - 2 from scan_rollups r where r.name = 'scans')${andIf(f.productId, sql`d.product_id = ${f.productId}`)}
      and ${timeAndCursor(f, "scanned", t, sql`d.product_id::bigint`, sql`0::bigint`, place)}
    order by 2, 3, ${place} collate "C" limit ${f.limit})`;
}

type Raw = Record<string, string | number | boolean | null>;
const rowsOf = (r: unknown): Raw[] => (Array.isArray(r) ? r : ((r as { rows?: Raw[] }).rows ?? [])) as Raw[];
const num = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? null : Number(v));

export async function eventPage(db: DbOrTx, f: EventFilter): Promise<EventRow[]> {
  const branches = [
    f.kinds.has("issued") ? issued(f) : null,
    f.kinds.has("activated") ? fromAudit(f, "activated") : null,
    f.kinds.has("voided") ? fromAudit(f, "voided") : null,
    f.kinds.has("sold") ? sold(f) : null,
    f.kinds.has("scanned") ? scanned(f) : null,
  ].filter((b): b is SQL => b !== null);
  if (!branches.length) return [];
  const result = await db.execute(sql`
    select e.kind, to_char(e.t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, e.k1::text as k1, e.k2::text as k2, e.k3,
      e.product_id, p.gtin, e.batch_id, e.certificate_id, e.n::text as n, e.seq_from, e.seq_to, l.lot_number, l.produced_on::text as produced_on,
      l.expires_on::text as expires_on, e.serial, e.retail_point_id, rp.name as retail_point_name, e.day::text as day, e.country, e.region, e.first_use
    from (${sql.join(branches, sql` union all `)}) e
    join products p on p.id = e.product_id
    left join production_lots l on l.id = e.lot_id
    left join retail_points rp on rp.id = e.retail_point_id
    order by e.t, e.kind, e.k1, e.k2, e.k3 collate "C"
    limit ${f.limit}`);
  return rowsOf(result).map((r) => ({
    kind: KIND_OF_ORDER[Number(r.kind)]!,
    at: String(r.at),
    k1: Number(r.k1),
    k2: Number(r.k2),
    k3: String(r.k3),
    productId: Number(r.product_id),
    gtin: (r.gtin as string | null) ?? null,
    batchId: num(r.batch_id),
    certificateId: num(r.certificate_id),
    quantity: Number(r.n),
    seqFrom: num(r.seq_from),
    seqTo: num(r.seq_to),
    lotNumber: (r.lot_number as string | null) ?? null,
    producedOn: (r.produced_on as string | null) ?? null,
    expiresOn: (r.expires_on as string | null) ?? null,
    serial: (r.serial as string | null) ?? null,
    retailPointId: num(r.retail_point_id),
    retailPointName: (r.retail_point_name as string | null) ?? null,
    day: (r.day as string | null) ?? null,
    country: (r.country as string | null) ?? null,
    region: (r.region as string | null) ?? null,
    firstUse: r.first_use === null || r.first_use === undefined ? null : r.first_use === true || r.first_use === "t" || r.first_use === "true",
  }));
}
