import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { createLogger } from "../../src/lib/logger.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { signIn } from "../support/fixtures.js";

/*
 * Issue 16: each role's home is a work queue. Every count it shows links to a list, and is checked here against
 * that list or against the rows themselves, on the demo's data (which gives each role something to do today).
 */

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe("the home page's work queue", () => {
  let t: TestApp;
  const as = async (username: string) => {
    const s = await signIn(t.app, username, DEMO_PASSWORD);
    const get = (path: string, accept = "text/html") => t.app.request(path, { headers: { cookie: s.cookie, accept } });
    const home = await (await get("/")).text();
    // { href → count } of the "waiting for you" card
    const queue = Object.fromEntries([...home.matchAll(/<a href="([^"]+)"><strong class="count">([\d.]+)<\/strong>/g)].map((m) => [m[1]!.replaceAll("&amp;", "&"), Number(m[2]!.replaceAll(".", ""))]));
    return { get, home, queue, json: async (path: string) => (await get(path, "application/json")).json() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date("2026-11-23T02:00:00Z");
    t.clock.set(now);
    await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now, stamps: { publicBaseUrl: t.deps.config.publicBaseUrl, stampKey: t.deps.config.secrets.stampKey } });
  }, 120_000);
  afterAll(() => t.close());

  it("shows the office what waits for its decision, each count equal to its list", async () => {
    const office = await as("vanphong.tinh");
    expect(Object.keys(office.queue).length).toBeGreaterThan(0);
    const ideas = (await office.json("/api/ideas?waiting=true&limit=500")) as { total: number };
    if (ideas.total) expect(office.queue["/ideas?waiting=1"]).toBe(ideas.total);
    else expect(office.queue["/ideas?waiting=1"]).toBeUndefined();
    const plans = (await office.json("/api/plans?waiting=true&limit=500")) as { total: number };
    if (plans.total) expect(office.queue["/plans?waiting=1"]).toBe(plans.total);
    // The demo leaves one council result waiting for recognition: the count is the decision form's rows.
    const certificates = await (await office.get("/certificates")).text();
    const pendingRows = (certificates.match(/name="roundDossierIds"/g) ?? []).length;
    expect(pendingRows).toBeGreaterThan(0);
    expect(office.queue["/certificates#pending"]).toBe(pendingRows);
    // What the office did last: its own newest audit records, in words.
    expect(office.home).toContain("Bạn làm gần đây");
    const [last] = rowsOf<{ action: string }>(await t.database.db.execute(sql`select a.action from audit_log a join users u on u.id = a.actor_id where u.username = 'vanphong.tinh' order by a.seq desc limit 1`));
    expect(last).toBeTruthy();
    expect(office.home).not.toContain(last!.action);
  });

  it("counts the council member's unsubmitted sheets from the rows, and drops a dossier the member declared a conflict on", async () => {
    const member = await as("hoidong.tinh");
    const [expected] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`
        select count(*)::int as n from round_dossiers rd
        join evaluation_rounds r on r.id = rd.round_id
        join council_members m on m.round_id = r.id and m.role <> 'secretary'
        join users u on u.id = m.user_id and u.username = 'hoidong.tinh'
        where r.opens_on <= '2026-11-23' and r.closes_on >= '2026-11-23' and rd.finalised_at is null
          and not exists (select 1 from score_sheets s where s.round_dossier_id = rd.id and s.user_id = u.id and s.state = 'submitted')
          and not exists (select 1 from conflicts c where c.round_dossier_id = rd.id and c.user_id = u.id and c.waived_at is null)`),
    );
    expect(expected!.n).toBeGreaterThan(0);
    expect(member.queue["/rounds"]).toBe(expected!.n);
    // A declared conflict (written straight in the table) takes that dossier off the member's count.
    const [open] = rowsOf<{ rd: number; user_id: string }>(
      await t.database.db.execute(sql`select rd.id as rd, u.id as user_id from round_dossiers rd join council_members m on m.round_id = rd.round_id join users u on u.id = m.user_id and u.username = 'hoidong.tinh' where rd.finalised_at is null and not exists (select 1 from score_sheets s where s.round_dossier_id = rd.id and s.user_id = u.id and s.state = 'submitted') limit 1`),
    );
    await t.database.db.execute(sql`insert into conflicts (round_dossier_id, user_id, reason, declared_at) values (${open!.rd}, ${open!.user_id}, 'test', now()) on conflict do nothing`);
    const after = await as("hoidong.tinh");
    expect(after.queue["/rounds"] ?? 0).toBe(expected!.n - 1);
  });

  it("warns the shop of stocked products whose certificate no longer backs them, as its stock page does", async () => {
    const shop = await as("diemban.thanhsen");
    const [point] = rowsOf<{ id: number }>(await t.database.db.execute(sql`select id from retail_points order by id limit 1`));
    const stock = (await shop.json(`/api/retail/${point!.id}/stock`)) as { items?: { warning: unknown }[] } | { warning: unknown }[];
    const items = Array.isArray(stock) ? stock : (stock.items ?? []);
    const warned = items.filter((s) => s.warning).length;
    if (warned) expect(shop.queue[`/retail/${point!.id}#stock-warnings`]).toBe(warned);
    else expect(shop.queue[`/retail/${point!.id}#stock-warnings`]).toBeUndefined();
  });

  it("tells a producer's member with nothing waiting so, in Vietnamese", async () => {
    const producer = await as("hkd.nhunghuou");
    expect(producer.home).toContain("Việc đang chờ bạn");
    for (const [href, n] of Object.entries(producer.queue)) expect({ href, n: n > 0 }).toEqual({ href, n: true });
  });
});
