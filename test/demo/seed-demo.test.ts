import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/modules/audit/service.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { createLogger } from "../../src/lib/logger.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { signIn } from "../support/fixtures.js";
import { sql } from "drizzle-orm";
import { IDEA_STATES } from "../../src/domain/idea-workflow.js";
import { PLAN_STATES } from "../../src/domain/plan-workflow.js";
import { cycles } from "../../src/modules/cycles/schema.js";
import { productIdeas } from "../../src/modules/ideas/schema.js";
import { businessPlans } from "../../src/modules/plans/schema.js";
import { products } from "../../src/modules/products/schema.js";

describe("demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date("2026-11-23T02:00:00Z");
    t.clock.set(now);
    expect(await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now, stamps: { publicBaseUrl: t.deps.config.publicBaseUrl, stampKey: t.deps.config.secrets.stampKey } })).toBe(true);
  });

  it("holds a certified product whose demo stamps scan as genuine, void and not activated", async () => {
    const found = await t.database.db.execute(sql`select id from certificates order by id limit 1`);
    const cert = (Array.isArray(found) ? found : (found as { rows: { id: number }[] }).rows)[0] as { id: number };
    expect(cert).toBeTruthy();
    const page = await (await t.app.request(`/c/${cert.id}`, { headers: { accept: "application/json" } })).json();
    expect(page).toMatchObject({ status: "valid", stars: 4 });
    const batch = await t.database.db.execute(sql`select serial, seq from stamps order by seq`);
    const rows = (Array.isArray(batch) ? batch : (batch as any).rows) as { serial: string; seq: number }[];
    expect(rows).toHaveLength(60);
    const { encodeStampCode } = await import("../../src/domain/stamp-code.js");
    const verdict = async (seq: number) => (await (await t.app.request(`/s/${encodeStampCode(rows.find((r) => r.seq === seq)!.serial, t.deps.config.secrets.stampKey)}`, { headers: { accept: "application/json" } })).json()).verdict;
    expect(await verdict(1)).toBe("genuine_first");
    expect(await verdict(51)).toBe("void");
    expect(await verdict(56)).toBe("not_activated");
  });
  afterAll(() => t.close());

  it("is loaded once: a second start leaves it alone", async () => {
    expect(await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now: t.clock.now() })).toBe(false);
  });

  it("lets every documented demo account sign in and see its role on the home page", async () => {
    for (const username of ["admin", ...DEMO_ACCOUNTS.map((a) => a.username)]) {
      const s = await signIn(t.app, username, DEMO_PASSWORD);
      const me = (await (await t.app.request("/api/auth/me", { headers: s.headers })).json()) as { user: { grants: { role: string }[] } };
      const grants = me.user.grants;
      expect(grants.length, username).toBe(1);
      const home = await t.app.request("/", { headers: { cookie: s.cookie } });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("OCOP");
    }
  });

  it("opens every task its home offers each demo account (issue 16: the home is the way into the work)", async () => {
    for (const username of ["admin", ...DEMO_ACCOUNTS.map((a) => a.username)]) {
      const s = await signIn(t.app, username, DEMO_PASSWORD);
      const home = await (await t.app.request("/", { headers: { cookie: s.cookie } })).text();
      const card = home.slice(home.indexOf('class="card role"'));
      const links = [...card.matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
      expect(links.length, username).toBeGreaterThan(0);
      for (const href of links) {
        let res = await t.app.request(href, { headers: { cookie: s.cookie } });
        // A list of one (a producer's own organisation) redirects to that record: follow it once.
        if (res.status === 303) res = await t.app.request(res.headers.get("location")!, { headers: { cookie: s.cookie } });
        expect(res.status, `${username} ${href}`).toBe(200);
      }
    }
  });

  it("writes every demo change with an audit record, and the chain verifies", async () => {
    const report = await verifyAuditChain(t.database.db);
    expect(report.ok).toBe(true);
    // Every audited row has its record: one per account, role, producer, retail point, cycle, idea and plan
    // step, product and producer move (the demo's own steps are counted from their tables below).
    const [counts] = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*) from users) + (select count(*) from role_assignments) + (select count(*) from role_assignments where revoked_at is not null)
           + (select count(*) from producers) * 2 + (select count(*) from retail_points) + (select count(*) from cycles)
           + (select count(*) from idea_events) + (select count(*) from plan_events) + (select count(*) from products) as n`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    // The demo's certified product: one record per step, from filing to the stamps.
    const demo = await t.database.db.execute<{ action: string }>(sql`select action from audit_log where action ~ '^(dossier|round|certificate|stamps)\.' order by seq`);
    const actions = (Array.isArray(demo) ? demo : (demo as { rows: { action: string }[] }).rows).map((r) => r.action);
    const filed = ["dossier.create", "dossier.self_score", "dossier.submit", "dossier.review", "dossier.propose"];
    expect(actions).toEqual([
      ...filed, "round.create", "round.council", "round.assign", "round.sheet.submit", "round.finalise", "certificate.decision", "stamps.issue", "stamps.activate", "stamps.void",
      // Today's work (scripts/seed-demo-tasks.ts): the pomelo filed with a contract as evidence, the orange filed, both put in an open round, the orange scored and finalised.
      "dossier.create", "dossier.self_score", "dossier.evidence", "dossier.submit", "dossier.review", "dossier.propose",
      ...filed, "round.create", "round.council", "round.assign", "round.assign", "round.sheet.submit", "round.finalise",
    ]);
    // Issue 18 (scripts/seed-demo-appeals.ts): the producer's appeal and a consumer's complaint.
    const [{ n: issue18 }] = await t.database.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action in ('appeal.file', 'complaint.file')`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    expect(Number(issue18)).toBe(2);
    expect(report.records).toBe(Number(counts!.n) + actions.length + 2);
  });

  it("holds a living cycle: ideas and plans in every state, in several districts and on both chains", async () => {
    const db = t.database.db;
    const ideaStates = (await db.selectDistinct({ s: productIdeas.state }).from(productIdeas)).map((r) => r.s).sort();
    expect(ideaStates).toEqual([...IDEA_STATES].sort());
    const planStates = (await db.selectDistinct({ s: businessPlans.state }).from(businessPlans)).map((r) => r.s).sort();
    expect(planStates).toEqual([...PLAN_STATES].sort());
    const chains = (await db.select({ chain: cycles.chain, year: cycles.year }).from(cycles)).map((c) => `${c.year}:${c.chain}`).sort();
    expect(chains).toEqual(["2024:commune-district-province", "2026:commune-province"]);
    const codes = (await db.select({ code: products.code }).from(products)).map((p) => p.code).sort();
    expect(codes).toEqual(["42-18073-001-2024", "42-18133-001-2024", "42-18313-001-2024", "42-18547-001-2024", "42-18547-001-2026"]);
    // The 2024 ideas lie in four former districts.
    const districts = await db.execute(sql`select count(distinct u.parent_id) as n from product_ideas i join cycles c on c.id = i.cycle_id join admin_units u on u.id = i.commune_id where c.year = 2024`);
    const rows = Array.isArray(districts) ? districts : (districts as { rows: unknown[] }).rows;
    expect(Number((rows[0] as { n: number }).n)).toBe(4);
    // The commune officer of Phúc Trạch has an idea waiting.
    const s = await signIn(t.app, "canbo.phuctrach", DEMO_PASSWORD);
    const inbox = (await (await t.app.request("/api/ideas?waiting=true", { headers: s.headers })).json()) as { items: { name: string; state: string }[] };
    expect(inbox.items.map((i) => i.name)).toEqual(["Mứt vỏ bưởi (demo)"]);
    // Its full list holds no producer's unsent draft, though the demo has some (issue 16, finding 7).
    const all = (await (await t.app.request("/api/ideas?waiting=false", { headers: s.headers })).json()) as { items: { state: string }[] };
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.filter((i) => i.state === "draft")).toEqual([]);
    // A producer registering an idea is offered this year's open cycle, not the closed 2024 one.
    const producer = await signIn(t.app, "htx.buoiphuctrach", DEMO_PASSWORD);
    const form = await (await t.app.request("/ideas/new", { headers: { cookie: producer.cookie } })).text();
    const choices = /<select id="cycleId"[^>]*>(.*?)<\/select>/.exec(form)?.[1] ?? "";
    expect(choices).toContain("2026");
    expect(choices).not.toContain("2024");
  });

  it("gives the council member, the office and the shop something to do today (issue 16)", async () => {
    // hoidong.tinh: an open round with a sheet saved part way, the producer's evidence beside it.
    const member = await signIn(t.app, "hoidong.tinh", DEMO_PASSWORD);
    const rounds = await (await t.app.request("/rounds", { headers: { cookie: member.cookie } })).text();
    const roundHref = /href="(\/rounds\/\d+)">Đợt đánh giá bổ sung/.exec(rounds)?.[1];
    expect(roundHref).toBeDefined();
    const round = await (await t.app.request(roundHref!, { headers: { cookie: member.cookie } })).text();
    const sheetHref = /href="(\/rounds\/\d+\/dossiers\/\d+\/sheet)"/.exec(round)?.[1];
    const sheet = await t.app.request(sheetHref!, { headers: { cookie: member.cookie } });
    expect(sheet.status).toBe(200);
    const html = await sheet.text();
    expect(html).toContain("Bưởi Phúc Trạch tươi (demo)");
    expect(html).toMatch(/12 \/ \d+ tiêu chí đã chấm/);
    expect(html).toContain("Nộp phiếu");
    expect(html).toContain("hop-dong-lien-ket-vung-nguyen-lieu.pdf");
    const evidence = /href="(\/rounds\/\d+\/dossiers\/\d+\/evidence\/\d+)"/.exec(html)?.[1];
    const pdf = await t.app.request(evidence!, { headers: { cookie: member.cookie } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");

    // vanphong.tinh: a council result waiting for the recognition decision.
    const office = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const pending = (await (await t.app.request("/api/decisions/pending-results", { headers: office.headers })).json()) as { items: { productName: string }[] };
    expect(pending.items.map((i) => i.productName)).toEqual(["Cam Vũ Quang (demo)"]);

    // diemban.thanhsen: a product on its shelf without a certificate, warned on its page.
    const shop = await signIn(t.app, "diemban.thanhsen", DEMO_PASSWORD);
    const stock = await (await t.app.request("/retail/1", { headers: { cookie: shop.cookie } })).text();
    expect(stock).toContain("Kẹo cu đơ truyền thống (demo)");
    expect(stock).toContain("Sản phẩm chưa có giấy chứng nhận OCOP");
  });

  it("holds an appeal and a complaint waiting for the office (issue 18), seen by the producer and the complainant", async () => {
    const office = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const home = await (await t.app.request("/", { headers: { cookie: office.cookie, accept: "text/html" } })).text();
    expect(home).toContain('href="/appeals?state=filed"');
    expect(home).toContain('href="/complaints?state=new"');
    const appeals = (await (await t.app.request("/api/appeals?state=filed", { headers: office.headers })).json()) as { items: { productName: string; dossierId: number }[] };
    expect(appeals.items).toHaveLength(1);
    const complaints = (await (await t.app.request("/api/complaints?state=new", { headers: office.headers })).json()) as { items: { topic: string }[] };
    expect(complaints.items.map((c) => c.topic)).toEqual(["labelling"]);
    const producer = await signIn(t.app, "htx.buoiphuctrach", DEMO_PASSWORD);
    const dossier = await (await t.app.request(`/dossiers/${appeals.items[0]!.dossierId}`, { headers: { cookie: producer.cookie, accept: "text/html" } })).text();
    expect(dossier).toContain("Chờ cơ quan giải quyết");
    expect((await t.app.request("/appeals", { headers: { cookie: office.cookie, accept: "text/html" } })).status).toBe(200);
    expect((await t.app.request("/complaints", { headers: { cookie: office.cookie, accept: "text/html" } })).status).toBe(200);
  });
});
