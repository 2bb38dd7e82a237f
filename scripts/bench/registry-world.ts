import { sql } from "drizzle-orm";
import { rowsOf } from "./util.js";

/*
 * A registry of `products` products, each certified `perProduct` times 600 days apart (the older ones superseded
 * by the next), built with set-based SQL (generate_series) as scripts/bench/reports.ts builds its province: the
 * open-data benchmark's 30,000 certificates and the open-data tests' smaller world share it. Producers carry the
 * personal facts the open data must leave out (phone, e-mail, tax code, representative), so a test can look for
 * them. 1 in 100 of the newest certificates is revoked when `revokeEvery` says so; `retailPoints` points of sale
 * stock two products each. Returns the province's id and its communes' codes.
 */

type Exec = { execute(q: ReturnType<typeof sql>): Promise<unknown> };

export type RegistryWorld = { provinceId: number; certificates: number; products: number };

export async function buildRegistryWorld(db: Exec, o: { products: number; perProduct: number; firstDecision: string; producers?: number; retailPoints?: number; revokeEvery?: number }): Promise<RegistryWorld> {
  const n = (x: number) => sql.raw(String(Math.trunc(x)));
  const lit = (x: string) => sql.raw(`'${x.replace(/'/g, "''")}'`);
  const producerCount = o.producers ?? Math.max(1, Math.ceil(o.products / 2));
  await db.execute(sql`insert into admin_units (code, name, kind, level, parent_id, valid_from, path, source) values ('42', 'Tỉnh Hà Tĩnh (thế giới thử)', 'tỉnh', 'province', null, '2020-01-01', 'pending', 'world')`);
  const [prov] = rowsOf<{ id: number }>(await db.execute(sql`select id from admin_units where source = 'world' and level = 'province'`));
  const p = n(prov!.id);
  await db.execute(sql`update admin_units set path = id::text where id = ${p}`);
  await db.execute(sql`
    insert into admin_units (code, name, kind, level, parent_id, valid_from, path, source)
      select lpad((18000 + i)::text, 5, '0'), 'Xã thử ' || i, 'xã', 'commune', ${p}, '2020-01-01', 'pending', 'world' from generate_series(1, 20) i`);
  await db.execute(sql`update admin_units set path = ${p}::text || '.' || id where parent_id = ${p} and source = 'world'`);
  await db.execute(sql`
    insert into producers (name, kind, tax_code, commune_id, address, phone, email, representative_name, representative_gender, registration_number, website)
      select 'HTX thử ' || i, (array['htx', 'hkd', 'dn', 'tht'])[1 + i % 4], 'MST' || lpad(i::text, 10, '0'), c.a[1 + (i % 20)], 'Thôn ' || i || ', xã thử', '09' || lpad(i::text, 8, '0'), 'chuthe' || i || '@example.vn', 'Nguyễn Thị Đại Diện ' || i, 'female', 'ĐKKD-' || i, 'https://htx' || i || '.example.vn'
      from generate_series(1, ${n(producerCount)}) i, (select array_agg(id order by id) a from admin_units where parent_id = ${p} and source = 'world') c`);
  await db.execute(sql`
    insert into products (producer_id, commune_id, name, criteria_set_id, code, code_province, code_commune, code_serial, code_year, gtin)
      select pr.id, pr.commune_id, 'Sản phẩm thử ' || i, 1 + (i % 26), '42-' || u.code || '-' || case when i < 1000 then lpad(i::text, 3, '0') else i::text end || '-2024', '42', u.code, i, 2024, null
      from generate_series(1, ${n(o.products)}) i
      join (select id, commune_id, row_number() over (order by id) k from producers where name like 'HTX thử %') pr on pr.k = 1 + (i % ${n(producerCount)})
      join admin_units u on u.id = pr.commune_id`);
  await db.execute(sql`
    create table world_c as
      select row_number() over (order by p.id, k) as r, p.id as product_id, p.producer_id, p.commune_id, p.criteria_set_id as set_id, k,
        (${lit(o.firstDecision)}::date + (p.code_serial % 200) + k * 600) as on_date, case when (p.code_serial + k) % 3 = 0 then 4 else 3 end as stars
      from products p, generate_series(0, ${n(o.perProduct - 1)}) k where p.name like 'Sản phẩm thử %'`);
  await db.execute(sql`
    insert into dossiers (product_id, producer_id, commune_id, chain, criteria_set_id, rubric_version, kind, state, representative_name, representative_position, phone, created_at, updated_at)
      select product_id, producer_id, commune_id, 'commune-province', set_id, 'qd-26-2026', case when k = 0 then 'first' else 'reevaluation' end, 'decided', 'world ' || r, 'Giám đốc', '0900000000', on_date - 60, on_date
      from world_c`);
  await db.execute(sql`insert into evaluation_rounds (unit_id, level, name, opens_on, closes_on, rubric_version) values (${p}, 'province', 'Đợt thử', ${lit(o.firstDecision)}::date - 30, ${lit(o.firstDecision)}::date - 1, 'qd-26-2026')`);
  await db.execute(sql`
    insert into round_dossiers (round_id, dossier_id, finalised_at, assigned_at)
      select (select max(id) from evaluation_rounds where unit_id = ${p}), d.id, (c.on_date - 7)::timestamptz, (c.on_date - 30)::timestamptz
      from world_c c join dossiers d on d.representative_name = 'world ' || c.r`);
  await db.execute(sql`
    insert into recognition_decisions (unit_id, number, decided_on, authority_level, authority_name, signer_name, signer_title)
      select ${p}, to_char(on_date, 'YYYYMMDD') || '/QĐ-UBND', on_date, 'province', 'Ủy ban nhân dân tỉnh Hà Tĩnh', 'Nguyễn Hồng Lĩnh', 'Phó Chủ tịch' from (select distinct on_date from world_c) x`);
  await db.execute(sql`
    insert into certificates (decision_id, round_dossier_id, product_id, producer_id, kind, stars, score, rubric_version, criteria_set_id, decision_date, product_name, product_code, producer_name, commune_id, commune_name, district_name, province_name)
      select dec.id, rd.id, c.product_id, c.producer_id, d.kind, c.stars, to_jsonb(case when c.stars = 4 then 75.5 else 62.25 end), 'qd-26-2026', c.set_id, c.on_date, pd.name, pd.code, pr.name, c.commune_id, u.name, null, 'Tỉnh Hà Tĩnh'
      from world_c c join dossiers d on d.representative_name = 'world ' || c.r join round_dossiers rd on rd.dossier_id = d.id
      join recognition_decisions dec on dec.decided_on = c.on_date and dec.unit_id = ${p} join products pd on pd.id = c.product_id join producers pr on pr.id = c.producer_id join admin_units u on u.id = c.commune_id
      order by c.r`);
  await db.execute(sql`
    with cs as (select ce.id, ce.product_id, ce.decision_date, lead(ce.id) over w as next_id, lead(ce.decision_date) over w as next_on from certificates ce join products pd on pd.id = ce.product_id where pd.name like 'Sản phẩm thử %' window w as (partition by ce.product_id order by ce.decision_date, ce.id))
    insert into certificate_events (certificate_id, kind, "on", related_certificate_id, ground, decision_number, at)
      select id, 'issued', decision_date, null, null, null, decision_date::timestamptz from cs
      union all select id, 'superseded', next_on, next_id, null, null, next_on::timestamptz from cs where next_id is not null
      union all select id, 'revoked', decision_date + 200, null, 'mark_misuse', 'TH-' || id, (decision_date + 200)::timestamptz from cs where next_id is null and ${n(o.revokeEvery ?? 0)} > 0 and product_id % ${n(Math.max(1, o.revokeEvery ?? 1))} = 0`);
  if (o.retailPoints) {
    await db.execute(sql`
      insert into retail_points (name, commune_id, address, kind, latitude, longitude)
        select 'Điểm bán thử ' || i, c.a[1 + (i % 20)], 'Số ' || i || ' đường thử', 'shop', 18.3 + i * 0.001, 105.9 + i * 0.001
        from generate_series(1, ${n(o.retailPoints)}) i, (select array_agg(id order by id) a from admin_units where parent_id = ${p} and source = 'world') c`);
    await db.execute(sql`
      insert into retail_stock (retail_point_id, product_id, added_at)
        select rp.id, pd.id, now() from retail_points rp join products pd on pd.name like 'Sản phẩm thử %' and (pd.code_serial % ${n(o.retailPoints)} = rp.id % ${n(o.retailPoints)} or (pd.code_serial + 1) % ${n(o.retailPoints)} = rp.id % ${n(o.retailPoints)})
        where rp.name like 'Điểm bán thử %'
        on conflict do nothing`);
  }
  await db.execute(sql`drop table world_c`);
  const [counts] = rowsOf<{ c: string; p: string }>(await db.execute(sql`select (select count(*) from certificates) as c, (select count(*) from products) as p`));
  return { provinceId: prov!.id, certificates: Number(counts!.c), products: Number(counts!.p) };
}
