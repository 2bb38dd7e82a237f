import { count, eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Role } from "../src/domain/roles.js";
import { users } from "../src/modules/accounts/schema.js";
import { assignRole, bootstrapSystemAdmin, createUser } from "../src/modules/accounts/service.js";
import { writeAudit } from "../src/modules/audit/service.js";
import { producers } from "../src/modules/producers/schema.js";
import { retailPoints } from "../src/modules/retail/schema.js";
import { adminUnits } from "../src/modules/units/schema.js";
import { loadBundledProvince } from "../src/modules/units/services/load-units.js";
import { findUnitByCode, vnToday } from "../src/modules/units/queries.js";
import type { Db } from "../src/db/client.js";
import type { Logger } from "../src/lib/logger.js";
import { seedCycleDemo } from "./seed-demo-cycle.js";
import { seedStampsDemo } from "./seed-demo-stamps.js";
import { seedDashboardDemo } from "./seed-demo-dashboard.js";
import { seedTasksDemo } from "./seed-demo-tasks.js";
import { seedProgrammeDemo } from "./seed-demo-programme.js";
import { seedAgencyTasksDemo } from "./seed-demo-agency-tasks.js";
import { seedReportingDemo } from "./seed-demo-reporting.js";
import { seedUpgradeDemo } from "./seed-demo-upgrade.js";
import { seedAppealsDemo } from "./seed-demo-appeals.js";

/**
 * Demo data for a first look: Hà Tĩnh's units, one account per role that exists today, and producers named
 * after real Hà Tĩnh specialities (the organisations themselves are fictitious). The passwords are public
 * (README), so this runs only on an empty database and never when DEMO_SEED=off.
 */
export const DEMO_PASSWORD = "ocop-demo-2026";

type DemoProducer = {
  name: string;
  kind: "htx" | "tht" | "dn" | "hkd";
  commune: string;
  address: string;
  // Fictitious, in Hà Tĩnh's 30xxxxxxxx tax-code range.
  taxCode: string;
  representativeName: string;
  representativeGender: "female" | "male";
};
const DEMO_PRODUCERS: DemoProducer[] = [
  { name: "HTX Bưởi Phúc Trạch (demo)", kind: "htx", commune: "18547", address: "Thôn Phúc Đình, xã Phúc Trạch", taxCode: "3001990001", representativeName: "Nguyễn Thị Hoa", representativeGender: "female" },
  { name: "HTX Cam Vũ Quang (demo)", kind: "htx", commune: "18313", address: "Thôn 1, xã Vũ Quang", taxCode: "3001990002", representativeName: "Trần Văn Bình", representativeGender: "male" },
  { name: "Hộ kinh doanh Nhung hươu Hương Sơn (demo)", kind: "hkd", commune: "18133", address: "Thôn Trung Thủy, xã Hương Sơn", taxCode: "3001990003", representativeName: "Lê Văn Cường", representativeGender: "male" },
  { name: "Công ty TNHH Kẹo cu đơ Hà Tĩnh (demo)", kind: "dn", commune: "18073", address: "Đường Phan Đình Phùng, phường Thành Sen", taxCode: "3001990004", representativeName: "Phạm Thị Dung", representativeGender: "female" },
];

type DemoAccount = { username: string; name: string; role: Role; scope: { unitCode: string } | { country: true } | { producer: number } | { retailPoint: true } };
// District offices existed until 1 July 2025; today's accounts are held at province or commune level.
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "vanphong.tinh", name: "Văn phòng Điều phối NTM tỉnh (demo)", role: "province_office", scope: { unitCode: "42" } },
  { username: "canbo.phuctrach", name: "Cán bộ UBND xã Phúc Trạch (demo)", role: "commune_officer", scope: { unitCode: "18547" } },
  { username: "canbo.vuquang", name: "Cán bộ UBND xã Vũ Quang (demo)", role: "commune_officer", scope: { unitCode: "18313" } },
  { username: "hoidong.tinh", name: "Thành viên Hội đồng tỉnh (demo)", role: "council_member", scope: { unitCode: "42" } },
  { username: "doan.kiemtra", name: "Đoàn kiểm tra liên ngành (demo)", role: "inspector", scope: { unitCode: "42" } },
  // The central level (QĐ 26/2026 Art. 7.4): the Ministry's OCOP office and a central council member, both held
  // in the country unit, so they reach what provinces forward and nothing else of Hà Tĩnh's work.
  { username: "vanphong.bo", name: "Văn phòng Điều phối NTM Trung ương, Bộ NN&MT (demo)", role: "ministry_office", scope: { country: true } },
  { username: "hoidong.trunguong", name: "Thành viên Hội đồng cấp trung ương (demo)", role: "council_member", scope: { country: true } },
  { username: "htx.buoiphuctrach", name: "HTX Bưởi Phúc Trạch (demo)", role: "producer_member", scope: { producer: 0 } },
  { username: "htx.camvuquang", name: "HTX Cam Vũ Quang (demo)", role: "producer_member", scope: { producer: 1 } },
  { username: "hkd.nhunghuou", name: "Hộ kinh doanh Nhung hươu Hương Sơn (demo)", role: "producer_member", scope: { producer: 2 } },
  { username: "ct.keocudo", name: "Công ty TNHH Kẹo cu đơ Hà Tĩnh (demo)", role: "producer_member", scope: { producer: 3 } },
  { username: "diemban.thanhsen", name: "Điểm bán OCOP Thành Sen (demo)", role: "retail_operator", scope: { retailPoint: true } },
];

export type DemoOptions = { logger: Logger; now: Date; /** For the stamp demo: QR payloads and their MACs. */ stamps?: { publicBaseUrl: string; stampKey: string } };

export async function seedDemoIfEmpty(db: Db, opts: DemoOptions): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  await seedDemo(db, opts);
  return true;
}

export async function seedDemo(db: Db, { logger, now, stamps }: DemoOptions): Promise<void> {
  const loaded = await loadBundledProvince(db, "42");
  const today = vnToday(now);
  const unit = async (code: string) => {
    const u = await findUnitByCode(db, code, today);
    if (!u) throw new Error(`demo seed: unit ${code} is not in force on ${today}`);
    return u;
  };

  const province = await unit("42");
  const admin = await bootstrapSystemAdmin({
    db,
    now,
    input: { username: "admin", displayName: "Quản trị hệ thống (demo)", password: DEMO_PASSWORD, locale: "vi", provinceUnitId: province.id },
  });
  const [adminRow] = await db.select().from(users).where(eq(users.id, admin.id));
  const ctx = { db, principal: await loadPrincipal(db, adminRow!, vnToday(now)), now, requestId: "seed-demo" };

  // The producers are written directly, each with its audit record in the same transaction, at the communes
  // they had in 2024: the demo's cycle history starts before the 2025 reform and moves them afterwards.
  const producerIds: number[] = [];
  for (const p of DEMO_PRODUCERS) {
    const commune = await findUnitByCode(db, p.commune, "2024-01-15");
    if (!commune) throw new Error(`demo seed: unit ${p.commune} is not in force on 2024-01-15`);
    const id = await db.transaction(async (tx) => {
      const { commune: _code, ...fields } = p;
      const [r] = await tx.insert(producers).values({ ...fields, communeId: commune.id, representativeEthnicity: "Kinh" }).returning({ id: producers.id });
      await writeAudit(tx, { actorId: admin.id, action: "producer.create", subjectType: "producer", subjectId: r!.id, after: { ...p, communeId: commune.id }, requestId: "seed-demo" }, now);
      return r!.id;
    });
    producerIds.push(id);
  }
  const thanhSen = await unit("18073");
  const retailId = await db.transaction(async (tx) => {
    const values = { name: "Điểm giới thiệu và bán sản phẩm OCOP Thành Sen (demo)", communeId: thanhSen.id, address: "Số 1 Trần Phú, phường Thành Sen" };
    const [r] = await tx.insert(retailPoints).values(values).returning({ id: retailPoints.id });
    await writeAudit(tx, { actorId: admin.id, action: "retail_point.create", subjectType: "retail_point", subjectId: r!.id, after: values, requestId: "seed-demo" }, now);
    return r!.id;
  });

  for (const a of DEMO_ACCOUNTS) {
    const u = await createUser({ ctx, input: { username: a.username, displayName: a.name, password: DEMO_PASSWORD, locale: "vi" } });
    const scope =
      "unitCode" in a.scope
        ? { unitId: (await unit(a.scope.unitCode)).id }
        : "country" in a.scope
          ? { unitId: (await db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.level, "country")))[0]!.id }
          : "producer" in a.scope
            ? { producerId: producerIds[a.scope.producer]! }
            : { retailPointId: retailId };
    await assignRole({ ctx, input: { userId: u.id, role: a.role, ...scope } });
  }
  const cycle = await seedCycleDemo(db, {
    adminId: admin.id,
    adminPrincipal: ctx.principal,
    password: DEMO_PASSWORD,
    now,
    producers: DEMO_PRODUCERS.map((p, i) => ({ id: producerIds[i]!, code: p.commune, member: DEMO_ACCOUNTS.find((a) => "producer" in a.scope && a.scope.producer === i)!.username })),
  });
  const [units] = await db.select({ n: count() }).from(adminUnits);
  const certified = stamps ? await seedStampsDemo(db, { now, ...stamps }) : null;
  // Something to do today for the council member, the office and the shop.
  const tasks = await seedTasksDemo(db, { now });
  // This year's plan with seed 004's targets and two training events (issue 17).
  const programme = await seedProgrammeDemo(db, { now });
  // Agencies, their staff account and the tasks the seeds' plan and conclusions assign (issue 17).
  const assigned = await seedAgencyTasksDemo(db, { now, password: DEMO_PASSWORD });
  // The last three months' monthly reports of the demo communes (one filed late).
  const reports = await seedReportingDemo(db, { now });
  // Six weeks of scans and a fake report, so the dashboard and the scan statistics have something to show (urls: stamps 1, 10, 51 void, 56).
  const dashboard = certified ? await seedDashboardDemo(db, { now, batchId: certified.batchId, voidCode: certified.urls[2]?.split("/").pop(), stampKey: stamps!.stampKey }) : null;
  // A 3★ product upgrading to 4★ on a dossier carried forward, with a document ending within 60 days.
  const upgrade = await seedUpgradeDemo(db, { now, roundId: tasks?.roundId ?? null });
  if (upgrade) logger.info("demo upgrade dossier (carried forward)", { dossier: `/dossiers/${upgrade.dossierId}`, certificate: `/certificates/${upgrade.certificateId}/manage` });
  logger.info("demo data loaded", { units: units?.n, unitsInserted: loaded.inserted, accounts: DEMO_ACCOUNTS.length + 1, producers: producerIds.length, ...cycle });
  if (programme) logger.info("demo programme: this year's plan and training events", { plan: `/programme/plans/${programme.planId}`, events: programme.eventIds.map((id) => `/programme/events/${id}`) });
  logger.info("demo monthly reports", reports);
  if (dashboard?.scans) logger.info("demo scans and fake report for the dashboard", dashboard);
  if (tasks) logger.info("demo tasks waiting today", { openSheet: tasks.openSheet, pendingDecision: tasks.pendingDecision });
  logger.info("demo agencies and assigned tasks", assigned);
  // Issue 18: an appeal and a complaint about the certified product, waiting for the office.
  const appeals = certified ? await seedAppealsDemo(db, { now, certificateId: certified.certificateId, publicBaseUrl: stamps!.publicBaseUrl }) : null;
  if (appeals) logger.info("demo appeal and complaint waiting for vanphong.tinh", { appeals: "/appeals?state=filed", complaints: "/complaints?state=new", complaintPrivateLink: appeals.complaintLink, shopLinks: appeals.shopLinks });
  if (certified) {
    logger.info("demo stamps: scan these (activated, void, not activated)", { certificate: `${stamps!.publicBaseUrl}/c/${certified.certificateId}`, batch: certified.batchId, urls: certified.urls });
  }
}

// `npm run seed:demo`: seeds the configured database if it has no accounts yet.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadConfig } = await import("../src/config.js");
  const { openDatabase } = await import("../src/db/client.js");
  const { createLogger } = await import("../src/lib/logger.js");
  const { useAuditSigningKey } = await import("../src/modules/audit/index.js");
  const config = loadConfig();
  useAuditSigningKey(config.auditSigningKey);
  // The demo's certificates are issued with their verifiable credentials (issue 19).
  (await import("../src/modules/certificates/index.js")).useCredentialSigningKey(config);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const seeded = await seedDemoIfEmpty(database.db, { logger, now: new Date(), stamps: { publicBaseUrl: config.publicBaseUrl, stampKey: config.secrets.stampKey } });
  if (!seeded) logger.info("database already has accounts; demo data not loaded");
  await database.close();
}
