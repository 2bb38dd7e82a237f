import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/modules/audit/service.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { DEMO_AGENCY_ACCOUNTS } from "../../scripts/seed-demo-agency-tasks.js";
import { createLogger } from "../../src/lib/logger.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { signIn } from "../support/fixtures.js";
import { and, eq, sql } from "drizzle-orm";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { certificates } from "../../src/modules/certificates/schema.js";
import { dossiers, roundDossiers } from "../../src/modules/evaluation/schema.js";
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
    // The whole demo, through the services, on a machine shared with other runs.
  }, 180_000);

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

  it("issues every demo certificate's verifiable credential as it issues the certificate (issue 19)", async () => {
    const found = await t.database.db.execute(sql`select count(*)::int as certs, count(cc.certificate_id)::int as credentials from certificates c left join certificate_credentials cc on cc.certificate_id = c.id`);
    const row = (Array.isArray(found) ? found : (found as { rows: unknown[] }).rows)[0] as { certs: number; credentials: number };
    expect(row.certs).toBeGreaterThan(0);
    expect(row.credentials).toBe(row.certs);
  });

  it("gives the office a dashboard with the certified product, six weeks of scans and a fake report open (issue 17)", async () => {
    const s = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const d = (await (await t.app.request("/api/dashboard", { headers: s.headers })).json()) as any;
    expect(d.inForce.products).toBeGreaterThanOrEqual(1);
    expect(d.inForce.byStars.find((x: any) => x.stars === 4).products).toBeGreaterThanOrEqual(1);
    expect(d.stamps.issued).toBeGreaterThanOrEqual(60);
    expect(d.stamps.scanned).toBeGreaterThan(50);
    expect(d.fakeReports.new).toBe(1);
    expect(d.funding.plans).toBeGreaterThanOrEqual(1);
    const page = await t.app.request("/dashboard", { headers: { cookie: s.cookie } });
    expect(page.status).toBe(200);
  });

  it("is loaded once: a second start leaves it alone", async () => {
    expect(await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now: t.clock.now() })).toBe(false);
  });

  it("lets every documented demo account sign in and see its role on the home page", async () => {
    for (const username of ["admin", ...DEMO_ACCOUNTS.map((a) => a.username), ...DEMO_AGENCY_ACCOUNTS.map((a) => a.username)]) {
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
    for (const username of ["admin", ...DEMO_ACCOUNTS.map((a) => a.username), ...DEMO_AGENCY_ACCOUNTS.map((a) => a.username)]) {
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
    // step, product, producer move and consumer's fake report (the demo's own steps are counted from their tables below).
    const [counts] = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*) from users) + (select count(*) from role_assignments) + (select count(*) from role_assignments where revoked_at is not null)
           + (select count(*) from producers) * 2 + (select count(*) from retail_points) + (select count(*) from cycles)
           + (select count(*) from idea_events) + (select count(*) from plan_events) + (select count(*) from products)
           + (select count(*) from programme_plans) + (select count(*) from programme_events) + (select count(*) from programme_participants) + (select count(*) from agencies) + (select count(*) from task_events) + (select count(*) from monthly_reports) + (select count(*) from fake_reports) as n`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    // The demo's certified product: one record per step, from filing to the stamps.
    const demo = await t.database.db.execute<{ action: string }>(sql`select action from audit_log where action ~ '^(dossier|round|certificate|stamps)\.' order by seq`);
    const actions = (Array.isArray(demo) ? demo : (demo as { rows: { action: string }[] }).rows).map((r) => r.action);
    const filed = ["dossier.create", "dossier.self_score", "dossier.submit", "dossier.review", "dossier.propose"];
    expect(actions).toEqual([
      ...filed, "round.create", "round.council", "round.assign", "round.sheet.submit", "round.finalise", "certificate.decision", "stamps.issue", "stamps.activate", "stamps.void", "stamps.sell",
      // Today's work (scripts/seed-demo-tasks.ts): the pomelo filed with a contract as evidence, the orange filed, both put in an open round, the orange scored and finalised.
      "dossier.create", "dossier.self_score", "dossier.evidence", "dossier.submit", "dossier.review", "dossier.propose",
      ...filed, "round.create", "round.council", "round.assign", "round.assign", "round.sheet.submit", "round.finalise",
      // Issue 18 (scripts/seed-demo-upgrade.ts): a 3★ recognised months ago on a dossier with three documents, then
      // today's upgrade carried forward from it: changed items only, a VietGAP certificate, put in the open round.
      "dossier.create", "dossier.self_score", "dossier.evidence", "dossier.evidence", "dossier.evidence", "dossier.submit", "dossier.review", "dossier.propose",
      "round.create", "round.council", "round.assign", "round.sheet.submit", "round.finalise", "certificate.decision",
      "dossier.create", "dossier.self_score", "dossier.evidence", "dossier.submit", "dossier.review", "dossier.propose", "round.assign",
    ]);
    // Issue 18 (scripts/seed-demo-appeals.ts): the producer's appeal, a consumer's complaint, and the shop links
    // (Shopee proposed and approved, the website proposed and waiting).
    const [{ n: issue18 }] = await t.database.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action in ('appeal.file', 'complaint.file', 'product.shop_link_propose', 'product.shop_link_decide')`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    expect(Number(issue18)).toBe(5);
    expect(report.records).toBe(Number(counts!.n) + actions.length + 5);
  });

  it("holds the demo communes' monthly reports of the last three months, one filed late and one a draft", async () => {
    const found = await t.database.db.execute(sql`select month, state, late from monthly_reports order by month, id`);
    const rows = (Array.isArray(found) ? found : (found as { rows: unknown[] }).rows) as { month: string; state: string; late: boolean | null }[];
    expect([...new Set(rows.map((r) => r.month))]).toEqual(["2026-08", "2026-09", "2026-10"]);
    expect(rows.filter((r) => r.state === "filed")).toHaveLength(5);
    expect(rows.filter((r) => r.late === true)).toHaveLength(1);
    expect(rows.filter((r) => r.state === "draft")).toHaveLength(1);
    const s = await signIn(t.app, "canbo.phuctrach", DEMO_PASSWORD);
    const home = await (await t.app.request("/", { headers: { cookie: s.cookie } })).text();
    expect(home).toContain("Báo cáo tháng 10/2026 của Xã Phúc Trạch quá hạn (hạn 20/11/2026), chưa nộp");
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
    expect(codes).toEqual(["42-18073-001-2024", "42-18133-001-2024", "42-18313-001-2024", "42-18547-001-2024", "42-18547-001-2026", "42-18547-090-2026"]);
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

  it("holds this year's plan with seed 004's targets and two training events with participants (issue 17)", async () => {
    const office = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const plans = (await (await t.app.request("/api/programme/plans", { headers: office.headers })).json()) as { items: { id: number; year: number; indicators: { rule: string; targetMin: number | null; targetMax: number | null; params: { baseYear?: number } }[] }[] };
    expect(plans.items.map((p) => p.year)).toEqual([2026]);
    const targets = plans.items[0]!.indicators.map((i) => [i.rule, i.targetMin, i.targetMax]);
    expect(targets).toEqual([
      ["certified_in_year", 50, null],
      ["certified_in_year", 10, null],
      ["producers_strengthened", 40, null],
      ["producers_new", 10, null],
      ["retail_points_new", 3, 5],
      ["officials_trained", 100, null],
      ["producers_trained", 100, null],
      ["base_year_kept", 72, null],
      ["base_year_upgraded", null, null],
    ]);
    expect(plans.items[0]!.indicators[7]!.params.baseYear).toBe(2019);
    const progress = (await (await t.app.request(`/api/programme/plans/${plans.items[0]!.id}/progress`, { headers: office.headers })).json()) as { indicators: { rule: string; province: { counted: number; population: number | null } }[] };
    // The demo's 2026 product is certified this year; the commune officers and the office attended a training.
    expect(progress.indicators[0]!.province.counted).toBeGreaterThanOrEqual(1);
    expect(progress.indicators[5]!.province).toMatchObject({ counted: 3, population: 3 });
    const events = (await (await t.app.request("/api/programme/events", { headers: office.headers })).json()) as { items: { kind: string; participantCount: number; startsOn: string }[] };
    expect(events.items).toHaveLength(2);
    for (const e of events.items) expect(e).toMatchObject({ kind: "training", participantCount: 3 });
    expect(events.items.every((e) => e.startsOn.startsWith("2026-"))).toBe(true);
    const page = await t.app.request(`/programme/plans/${plans.items[0]!.id}`, { headers: { cookie: office.cookie } });
    expect(page.status).toBe(200);
  });

  it("holds agencies with a staff account and assigned tasks: one in progress, one overdue on both homes, one done with its report (issue 17)", async () => {
    const office = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const all = (await (await t.app.request("/api/tasks", { headers: office.headers })).json()) as { items: { id: number; state: string; overdue: boolean; assignee: { name: string } }[] };
    expect(all.items.map((i) => i.state).sort()).toEqual(["assigned", "assigned", "assigned", "assigned", "done", "in_progress"]);
    const overdue = all.items.filter((i) => i.overdue);
    expect(overdue.map((i) => i.assignee.name)).toEqual(["Báo Hà Tĩnh"]);
    expect(await (await t.app.request("/", { headers: { cookie: office.cookie } })).text()).toContain('id="overdue-tasks"');
    const staff = await signIn(t.app, "so.congthuong", DEMO_PASSWORD);
    const mine = (await (await t.app.request("/api/tasks", { headers: staff.headers })).json()) as { items: { id: number; state: string }[] };
    expect(mine.items.map((i) => i.state).sort()).toEqual(["done", "in_progress"]);
    const done = (await (await t.app.request(`/api/tasks/${mine.items.find((i) => i.state === "done")!.id}`, { headers: staff.headers })).json()) as { events: { kind: string; file: { name: string } | null }[] };
    expect(done.events.map((e) => e.kind)).toEqual(["create", "progress", "done"]);
    expect(done.events.at(-1)!.file!.name).toBe("bao-cao-hoi-cho-ocop.pdf");
    // The commune of Phúc Trạch has its own task.
    const commune = await signIn(t.app, "canbo.phuctrach", DEMO_PASSWORD);
    const theirs = (await (await t.app.request("/api/tasks", { headers: commune.headers })).json()) as { items: unknown[] };
    expect(theirs.items).toHaveLength(1);
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

  it("holds a 3★ product upgrading to 4★ on a pre-filled dossier, and a document ending within 60 days (issue 18)", async () => {
    const db = t.database.db;
    const [product] = await db.select().from(products).where(eq(products.code, "42-18547-090-2026"));
    const [cert] = await db.select().from(certificates).where(eq(certificates.productId, product!.id));
    expect(cert!.stars).toBe(3);
    const [up] = await db.select().from(dossiers).where(and(eq(dossiers.productId, product!.id), eq(dossiers.kind, "upgrade")));
    expect(up!.state).toBe("in_round");
    // The council member sees it in the open round, against the certified dossier and its last result.
    const member = await signIn(t.app, "hoidong.tinh", DEMO_PASSWORD);
    const [rd] = await db.select().from(roundDossiers).where(eq(roundDossiers.dossierId, up!.id));
    const json = await (await t.app.request(`/api/rounds/${rd!.roundId}/dossiers/${rd!.id}`, { headers: { cookie: member.cookie } })).json();
    expect(json.carryForward.lastResult.stars).toBe(3);
    expect(json.carryForward.changedItems).toBeGreaterThan(0);
    expect(json.carryForward.unchangedItems).toBeGreaterThan(json.carryForward.changedItems);
    expect(json.carryForward.evidence.filter((e: { status: string }) => e.status === "new")).toHaveLength(1);
    const sheet = await (await t.app.request(`/rounds/${rd!.roundId}/dossiers/${rd!.id}/sheet`, { headers: { cookie: member.cookie } })).text();
    expect(sheet).toContain("Đã thay đổi so với hồ sơ được công nhận");
    // Its ATTP certificate ends within 60 days: the daily job tells the producer and the office, once.
    expect((await runDailyCertificateJob(db, t.clock.now())).documentNotices).toBe(2);
    expect((await runDailyCertificateJob(db, t.clock.now())).documentNotices).toBe(0);
    const office = await signIn(t.app, "vanphong.tinh", DEMO_PASSWORD);
    const page = await (await t.app.request(`/certificates/${cert!.id}/manage`, { headers: { cookie: office.cookie } })).text();
    expect(page).toContain("gcn-attp-mut-vo-buoi.pdf");
    expect(page).toContain("còn 45 ngày");
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
