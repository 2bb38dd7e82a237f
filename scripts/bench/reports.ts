import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import { hashPassword } from "../../src/auth/password.js";
import { testConfig } from "../../src/config.js";
import { openPostgres } from "../../src/db/postgres.js";
import { createLogger } from "../../src/lib/logger.js";
import { vnToday } from "../../src/lib/dates.js";
import { roleAssignments, users } from "../../src/modules/accounts/schema.js";
import { fundingByUnitOf } from "../../src/modules/dashboard/index.js";
import { refreshScanRollup, stopStampRuntime } from "../../src/modules/stamps/index.js";
import { log, round, rowsOf } from "./util.js";

/*
 * The reports part of `npm run bench` (BENCH_SKIP=reports leaves it out; `npx tsx scripts/bench/reports.ts` runs it
 * alone): a province grown for five years, made with set-based SQL (generate_series, no row-by-row inserts) in its own
 * database — 69 communes, 5,000 producers, 10,000 ideas, plans and products (five cycles, approvals every month),
 * 30,000 dossiers, results and certificates (each product certified three times, the older two superseded, 1% of the
 * newest revoked), 10,000 batches of 100 stamps (1,000,000; 80 of each activated), 10,000,000 scans over the five
 * years in the month partitions, 1,000 fake reports — then, each 20 times after 2 warm-ups, times:
 *  - reports_dashboard_ms: GET /dashboard (this year, the province) as the office, rendered;
 *  - reports_rollup_month_ms: the monthly roll-up query (plans approved and funding by unit for the last month);
 *  - reports_scan_stats_ms: GET /stats/scans (the last 30 days, the province) as the office.
 * Each reports p50 and p95 (the 19th of the 20 sorted); the bar is a p95 under 1,000 ms. Also fixture_s (building
 * it) and rollup_s (the daily job's first refresh of the monthly scan roll-up, which counts every scan once).
 * BENCH_REPORT_SCANS sets fewer scans for a quick run; BENCH_REPORT_ROLLUP=off leaves the roll-up unmade, so every
 * figure counts the scans themselves (the figures without it, for comparison).
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCANS = Number(process.env.BENCH_REPORT_SCANS ?? 10_000_000);
const RUNS = 20;
const WARMUP = 2;

export type ReportsResult = Record<string, number | string | null>;

export async function benchReports(adminUrl = ADMIN_URL): Promise<ReportsResult> {
  const name = `ocop_bench_reports_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  const deps = { config: testConfig({ databaseUrl: url.toString() }), database, logger: createLogger((process.env.BENCH_LOG ?? "silent") as "silent"), now: () => new Date() };
  try {
    await database.migrate();
    const db = database.db;
    const now = new Date();
    let t0 = performance.now();
    const provinceId = await buildFixture(db, now);
    const fixtureSeconds = (performance.now() - t0) / 1000;
    log(`reports fixture in ${fixtureSeconds.toFixed(1)} s`);
    t0 = performance.now();
    if (process.env.BENCH_REPORT_ROLLUP !== "off") await refreshScanRollup(db, now);
    const rollupSeconds = (performance.now() - t0) / 1000;
    log(`scan roll-up (first run) in ${rollupSeconds.toFixed(1)} s`);
    await db.execute(sql`analyze`);

    await db.insert(users).values({ id: "bench-office", username: "bench-office", displayName: "Bench office", passwordHash: await hashPassword("bench-password-2026") });
    await db.insert(roleAssignments).values({ userId: "bench-office", role: "province_office", unitId: provinceId });
    const app = createApp(deps);
    const login = await app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "bench-office", password: "bench-password-2026" }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("ocop_session="));
    if (!cookie) throw new Error(`bench sign-in failed: ${login.status}`);
    const page = (path: string) => async () => {
      const r = await app.request(path, { headers: { cookie, accept: "text/html" } });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.slice(0, 300)}`);
      return body.length;
    };
    const [{ path: provincePath }] = rowsOf<{ path: string }>(await db.execute(sql`select path from admin_units where id = ${provinceId}`)) as [{ path: string }];
    const today = vnToday(now);
    const lastMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    const monthAfter = `${today.slice(0, 7)}-01`;
    let rollupRows = 0;
    const rollupMonth = async () => {
      const rows = await fundingByUnitOf(db, [provincePath], { since: `${lastMonth}-01`, until: monthAfter });
      rollupRows = rows.length;
      return rows.length;
    };

    const dashboard = await timed("dashboard", page("/dashboard"));
    const monthly = await timed("monthly roll-up", rollupMonth);
    const stats = await timed("scan statistics", page("/stats/scans"));
    await stopStampRuntime(deps);
    const [counts] = rowsOf<Record<string, string>>(
      await db.execute(sql`select (select count(*) from products) as products, (select count(*) from certificates) as certificates, (select count(*) from stamps) as stamps, (select count(*) from stamp_scans) as scans, (select count(*) from business_plans) as plans`),
    );
    return {
      reports_dashboard_p95_ms: dashboard.p95,
      reports_dashboard_p50_ms: dashboard.p50,
      reports_rollup_month_p95_ms: monthly.p95,
      reports_rollup_month_p50_ms: monthly.p50,
      reports_rollup_month_units: rollupRows,
      reports_scan_stats_p95_ms: stats.p95,
      reports_scan_stats_p50_ms: stats.p50,
      reports_under_1s: dashboard.p95 < 1000 && monthly.p95 < 1000 && stats.p95 < 1000 ? "yes" : "no",
      reports_fixture_s: round(fixtureSeconds, 1),
      reports_rollup_s: round(rollupSeconds, 1),
      reports_products: Number(counts!.products),
      reports_certificates: Number(counts!.certificates),
      reports_plans: Number(counts!.plans),
      reports_stamps: Number(counts!.stamps),
      reports_scans: Number(counts!.scans),
      reports_runs: RUNS,
      reports_rollup: process.env.BENCH_REPORT_ROLLUP === "off" ? "off" : "on",
    };
  } finally {
    await stopStampRuntime(deps).catch(() => undefined);
    await database.close();
    // BENCH_KEEP=1 leaves the database for a look at the plans (its name is logged).
    if (process.env.BENCH_KEEP === "1") log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function timed(what: string, run: () => Promise<number>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => round(ms[Math.ceil(q * ms.length) - 1]!, 1);
  log(`${what}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (min ${round(ms[0]!, 1)}, max ${round(ms.at(-1)!, 1)})`);
  return { p50: at(0.5), p95: at(0.95) };
}

type Exec = { execute(q: ReturnType<typeof sql>): Promise<unknown> };

/** The five years of the province, all in SQL; returns the province's unit id. */
async function buildFixture(db: Exec, now: Date): Promise<number> {
  // Literals, not parameters: CREATE TABLE AS takes none, and generate_series(unknown, unknown) is ambiguous.
  const n = (x: number) => sql.raw(String(Math.trunc(x)));
  const lit = (x: string) => sql.raw(`'${x.replace(/'/g, "''")}'`);
  const run = async (label: string, q: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await db.execute(q);
    log(`  ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const today = vnToday(now);
  const first = Number(today.slice(0, 4)) - 4; // five cycles: the year four years ago through this one
  await run("units", sql`insert into admin_units (code, name, kind, level, parent_id, valid_from, path, source) values ('42', 'Tỉnh Hà Tĩnh (bench)', 'tỉnh', 'province', null, '2020-01-01', 'pending', 'bench')`);
  await db.execute(sql`update admin_units set path = id::text where source = 'bench' and level = 'province'`);
  await db.execute(sql`
    insert into admin_units (code, name, kind, level, parent_id, valid_from, path, source)
      select lpad((18000 + i)::text, 5, '0'), 'Xã bench ' || i, 'xã', 'commune', p.id, '2020-01-01', 'pending', 'bench' from generate_series(1, 69) i,
        (select id from admin_units where source = 'bench' and level = 'province') p`);
  const [prov] = rowsOf<{ id: number; path: string }>(await db.execute(sql`select id, path from admin_units where source = 'bench' and level = 'province'`));
  await db.execute(sql`update admin_units set path = ${prov!.path} || '.' || id where parent_id = ${n(prov!.id)}`);
  await run("producers", sql`
    insert into producers (name, kind, commune_id, address)
      select 'HTX bench ' || i, 'htx', c.a[1 + (i % 69)], 'Thôn ' || i from generate_series(1, 5000) i,
        (select array_agg(id order by id) a from admin_units where parent_id = ${n(prov!.id)}) c`);
  await run("cycles", sql`
    insert into cycles (province_id, year, chain, deadlines)
      select ${n(prov!.id)}, y, 'commune-province', jsonb_build_object('registration', y || '-03-31', 'communeList', y || '-04-15', 'appraisal', y || '-05-31', 'planSubmission', y || '-07-31')
      from generate_series(${n(first)}, ${n(first + 4)}) y`);
  // One row per product: its cycle, commune, producer, group and the day its plan was approved (every month).
  await run("product plan", sql`
    create table bench_p as
      select i, ${n(first)} + (i % 5) as year, c.a[1 + (i % 69)] as commune_id, c.code[1 + (i % 69)] as commune_code, pr.a[1 + (i % 5000)] as producer_id, 1 + (i % 26) as set_id,
        least(make_timestamptz(${n(first)} + (i % 5), 1 + ((i / 5) % 12), 1 + (i % 28), 3, 0, 0, 'UTC'), ${lit(now.toISOString())}::timestamptz - interval '1 day') as approved_at
      from generate_series(1, 10000) i,
        (select array_agg(id order by id) a, array_agg(code order by id) code from admin_units where parent_id = ${n(prov!.id)}) c,
        (select array_agg(id order by id) a from producers) pr`);
  await run("ideas", sql`
    insert into product_ideas (cycle_id, producer_id, commune_id, state, name, description, core_benefit, raw_materials, raw_material_origin, packaging, expected_market, criteria_set_id, created_at, updated_at)
      select cy.id, b.producer_id, b.commune_id, 'approved', 'Ý tưởng bench ' || b.i, 'Mô tả', 'Lợi ích', 'Nguyên liệu', 'Tại xã', 'Hộp', 'Trong tỉnh', b.set_id, b.approved_at - interval '90 days', b.approved_at - interval '60 days'
      from bench_p b join cycles cy on cy.year = b.year and cy.province_id = ${n(prov!.id)}`);
  await run("plans", sql`
    insert into business_plans (idea_id, cycle_id, producer_id, commune_id, state, production, raw_material_area, technology, packaging, markets, revenue_year1, revenue_year2, revenue_year3, profit_year1, profit_year2, profit_year3, own_capital, loans, other_sources, requested_support, estimated_state_support, approved_by, approved_at, created_at, updated_at)
      select pi.id, pi.cycle_id, b.producer_id, b.commune_id, 'approved', 'Quy trình', '5 ha', 'Sấy', 'Hộp', 'Trong tỉnh', 2000000000, 2500000000, 3000000000, 200000000, 250000000, 300000000,
        (1 + b.i % 40) * 100000000::bigint, (b.i % 10) * 50000000::bigint, (b.i % 3) * 10000000::bigint, (1 + b.i % 7) * 20000000::bigint, (1 + b.i % 7) * 15000000::bigint, 'bench', b.approved_at, b.approved_at - interval '30 days', b.approved_at
      from bench_p b join product_ideas pi on pi.name = 'Ý tưởng bench ' || b.i`);
  await run("products", sql`
    insert into products (plan_id, cycle_id, producer_id, commune_id, name, criteria_set_id, code, code_province, code_commune, code_serial, code_year, created_at, updated_at)
      select bp.id, bp.cycle_id, b.producer_id, b.commune_id, 'Sản phẩm bench ' || b.i, b.set_id, '42-' || b.commune_code || '-' || b.i || '-' || b.year, '42', b.commune_code, b.i, b.year, b.approved_at, b.approved_at
      from bench_p b join product_ideas pi on pi.name = 'Ý tưởng bench ' || b.i join business_plans bp on bp.idea_id = pi.id`);
  await db.execute(sql`alter table bench_p add column product_id int`);
  await db.execute(sql`update bench_p b set product_id = p.id from products p where p.code_serial = b.i and p.code_province = '42' and p.name = 'Sản phẩm bench ' || b.i`);
  // Three certificates per product, 600 days apart, from mid-year five years ago: the older two superseded by the next.
  await run("certificate plan", sql`
    create table bench_c as
      select b.i, k, b.product_id, b.producer_id, b.commune_id, b.set_id, (${lit(`${first - 1}-06-01`)}::date + ((b.i * 7) % 540) + k * 600) as on_date,
        case when (b.i + k) % 3 = 0 then 4 else 3 end as stars
      from bench_p b, generate_series(0, 2) k`);
  await run("dossiers", sql`
    insert into dossiers (product_id, producer_id, commune_id, chain, criteria_set_id, rubric_version, kind, state, representative_name, representative_position, phone, created_at, updated_at)
      select c.product_id, c.producer_id, c.commune_id, 'commune-province', c.set_id, 'qd-26-2026', case when c.k = 0 then 'first' else 'reevaluation' end, 'decided', 'bench ' || c.i || '-' || c.k, 'Giám đốc', '0900000000', c.on_date - 60, c.on_date
      from bench_c c`);
  await run("rounds", sql`
    insert into evaluation_rounds (unit_id, level, name, opens_on, closes_on, rubric_version)
      select ${n(prov!.id)}, 'province', 'Đợt bench ' || m, m, (m + interval '1 month' - interval '1 day')::date, 'qd-26-2026'
      from (select distinct date_trunc('month', on_date)::date m from bench_c) x`);
  await run("round dossiers", sql`
    insert into round_dossiers (round_id, dossier_id, finalised_at, assigned_at)
      select r.id, d.id, (c.on_date - 7)::timestamptz, (c.on_date - 30)::timestamptz
      from bench_c c join dossiers d on d.representative_name = 'bench ' || c.i || '-' || c.k
      join evaluation_rounds r on r.unit_id = ${n(prov!.id)} and r.opens_on = date_trunc('month', c.on_date)::date`);
  await run("results", sql`
    insert into round_results (round_dossier_id, official_score, summary, stars, certifiable, forward_to, audit_seq, audit_hash, finalised_by, finalised_at)
      select rd.id, to_jsonb(case when c.stars = 4 then 75.5 else 62.25 end), '{}'::jsonb, c.stars, 'true', null, 0, 'bench', 'bench', rd.finalised_at
      from round_dossiers rd join dossiers d on d.id = rd.dossier_id join bench_c c on d.representative_name = 'bench ' || c.i || '-' || c.k`);
  await run("decisions", sql`
    insert into recognition_decisions (unit_id, number, decided_on, authority_level, authority_name, signer_name, signer_title)
      select ${n(prov!.id)}, to_char(on_date, 'YYYYMMDD') || '/QĐ-UBND', on_date, 'province', 'Ủy ban nhân dân tỉnh Hà Tĩnh', 'Bench', 'Phó Chủ tịch' from (select distinct on_date from bench_c) x`);
  await run("certificates", sql`
    insert into certificates (decision_id, round_dossier_id, product_id, producer_id, kind, stars, score, rubric_version, criteria_set_id, decision_date, product_name, product_code, producer_name, commune_id, commune_name, district_name, province_name)
      select dec.id, rd.id, c.product_id, c.producer_id, d.kind, c.stars, to_jsonb(case when c.stars = 4 then 75.5 else 62.25 end), 'qd-26-2026', c.set_id, c.on_date, p.name, p.code, 'HTX bench', c.commune_id, u.name, null, 'Tỉnh Hà Tĩnh'
      from bench_c c join dossiers d on d.representative_name = 'bench ' || c.i || '-' || c.k join round_dossiers rd on rd.dossier_id = d.id
      join recognition_decisions dec on dec.decided_on = c.on_date and dec.unit_id = ${n(prov!.id)} join products p on p.id = c.product_id join admin_units u on u.id = c.commune_id`);
  await run("certificate events", sql`
    with cs as (select ce.id, ce.product_id, ce.decision_date, lead(ce.id) over w as next_id, lead(ce.decision_date) over w as next_on, row_number() over w as k from certificates ce window w as (partition by ce.product_id order by ce.decision_date, ce.id))
    insert into certificate_events (certificate_id, kind, "on", related_certificate_id, ground, decision_number, at)
      select id, 'issued', decision_date, null, null, null, decision_date::timestamptz from cs
      union all select id, 'superseded', next_on, next_id, null, null, next_on::timestamptz from cs where next_id is not null
      union all select id, 'revoked', decision_date + 200, null, 'mark_misuse', 'TH-' || id, (decision_date + 200)::timestamptz from cs where next_id is null and product_id % 100 = 0 and decision_date + 200 <= ${today}::date`);
  await run("5-star proposals", sql`
    with d as (
      insert into dossiers (product_id, producer_id, commune_id, chain, criteria_set_id, rubric_version, kind, state, representative_name, representative_position, phone, created_at, updated_at)
        select product_id, producer_id, commune_id, 'commune-province', set_id, 'qd-26-2026', 'upgrade', 'forwarded', 'bench5 ' || i, 'Giám đốc', '0900000000', approved_at, approved_at from bench_p where i % 50 = 0
        returning id, updated_at),
    rd as (insert into round_dossiers (round_id, dossier_id, finalised_at) select (select min(id) from evaluation_rounds), d.id, d.updated_at from d returning id, finalised_at)
    insert into round_results (round_dossier_id, official_score, summary, stars, certifiable, forward_to, audit_seq, audit_hash, finalised_by, finalised_at)
      select id, to_jsonb(91.5), '{}'::jsonb, null, 'false', 'central', 0, 'bench', 'bench', finalised_at from rd`);
  await run("stamp batches", sql`
    insert into stamp_batches (product_id, certificate_id, quantity, state, issued_at, created_at)
      select c.product_id, c.id, 100, 'issued', c.decision_date + 20, c.decision_date + 20
      from (select distinct on (product_id) product_id, id, decision_date from certificates order by product_id, decision_date desc) c`);
  await run("1,000,000 stamps", sql`
    insert into stamps (serial, batch_id, seq, activated_at)
      select md5(b.id || '-' || s), b.id, s, case when s <= 80 then b.issued_at + interval '10 days' end
      from stamp_batches b, generate_series(1, 100) s`);
  // Every month from five years ago needs its partition (the daily job makes only the months ahead).
  await run("scan partitions", sql`
    do $$
    declare m timestamp;
    begin
      for m in select generate_series(date_trunc('month', now() at time zone 'UTC') - interval '61 months', date_trunc('month', now() at time zone 'UTC') + interval '2 months', interval '1 month') loop
        if to_regclass('stamp_scans_' || to_char(m, 'YYYY_MM')) is null then
          execute format('create table %I partition of stamp_scans for values from (%L) to (%L)', 'stamp_scans_' || to_char(m, 'YYYY_MM'), to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
        end if;
      end loop;
    end $$`);
  const [ids] = rowsOf<{ lo: string; n: string }>(await db.execute(sql`select min(id) as lo, count(*) as n from stamps`));
  // The scans in time order over the five years up to now (as they arrive), each of a random stamp; one in 7 a repeat.
  const chunk = 1_000_000;
  const span = 5 * 365 * 86_400;
  for (let from = 1; from <= SCANS; from += chunk) {
    const to = Math.min(SCANS, from + chunk - 1);
    await run(`scans ${from.toLocaleString("en")}–${to.toLocaleString("en")}`, sql`
      insert into stamp_scans (stamp_id, at, country, region, verdict, repeat, times)
        select ${n(Number(ids!.lo))} + floor(random() * ${n(Number(ids!.n))})::bigint, ${lit(now.toISOString())}::timestamptz - make_interval(secs => ${n(span)} * (1 - i::float8 / ${n(SCANS)})),
          'VN', (array['HT', 'NA', 'HN', 'SG', 'QB'])[1 + i % 5], 'genuine', i % 7 = 0, 1
        from generate_series(${n(from)}, ${n(to)}) i`);
  }
  await run("fake reports", sql`
    insert into fake_reports (product_id, what, state, created_at, updated_at)
      select product_id, 'Tem nghi giả', (array['new', 'investigating', 'confirmed_fake', 'dismissed'])[1 + i % 4], ${lit(now.toISOString())}::timestamptz - make_interval(days => i % 1500), ${lit(now.toISOString())}::timestamptz
      from bench_p where i % 10 = 0`);
  await db.execute(sql`drop table bench_p`);
  await db.execute(sql`drop table bench_c`);
  return prov!.id;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchReports();
  process.stdout.write(JSON.stringify(result) + "\n");
}
