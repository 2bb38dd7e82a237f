import { eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Grant, Principal } from "../src/domain/principal.js";
import type { Db } from "../src/db/client.js";
import { vnToday } from "../src/lib/dates.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { roleAssignments, users } from "../src/modules/accounts/schema.js";
import { createUser } from "../src/modules/accounts/service.js";
import { writeAudit } from "../src/modules/audit/service.js";
import { createCycle } from "../src/modules/cycles/service.js";
import { actOnIdea, createIdea } from "../src/modules/ideas/service.js";
import { actOnPlan, createPlan } from "../src/modules/plans/service.js";
import { producers } from "../src/modules/producers/schema.js";
import { findUnitByCode } from "../src/modules/units/queries.js";

/**
 * The demo's living cycle: the 2024 cycle as it ran before the reform (commune → district → province, with
 * the district offices of the time), the producers moved to their post-reform communes, then this year's
 * cycle (commune → province) with ideas and plans in every state. Everything goes through the services, with
 * the clock set to when each step happened, so events, audit records and deadlines are all real.
 */

type Producer = { id: number; code: string; member: string };
export type CycleDemoInput = { adminId: string; adminPrincipal: Principal; producers: Producer[]; password: string; now: Date };

const at = (iso: string) => new Date(`${iso}T09:00:00+07:00`);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const day = (d: Date) => vnToday(d);

const FORM = {
  description: "Sản phẩm chế biến thủ công từ nguyên liệu của địa phương, đóng gói tại cơ sở.",
  coreBenefit: "Đặc sản Hà Tĩnh an toàn, tiện dùng và làm quà.",
  packaging: "Hộp giấy kraft, nhãn song ngữ, mã QR truy xuất",
  expectedMarket: "Cửa hàng OCOP trong tỉnh, khách du lịch, sàn thương mại điện tử",
};

type IdeaSpec = { producer: number; name: string; set: number; raw: string; origin: string };

function planInput(scale: bigint) {
  const m = 1_000_000n;
  return {
    production: "Sản xuất theo mùa vụ tại xưởng của chủ thể, công suất tăng dần qua 3 năm.",
    rawMaterialArea: "Vùng nguyên liệu liên kết với các hộ trong xã.",
    technology: "Sơ chế, sấy lạnh, đóng gói bán tự động; kiểm nghiệm định kỳ.",
    packaging: "Bao bì mới theo nhận diện OCOP Hà Tĩnh.",
    markets: "Trong tỉnh, Hà Nội, TP Hồ Chí Minh và sàn thương mại điện tử.",
    projection: [
      { revenue: 800n * m * scale, profit: 90n * m * scale },
      { revenue: 1_000n * m * scale, profit: 130n * m * scale },
      { revenue: 1_300n * m * scale, profit: 180n * m * scale },
    ],
    budget: { ownCapital: 250n * m * scale, loans: 300n * m * scale, otherSources: 50n * m * scale, requestedSupport: 200n * m * scale },
  };
}

export async function seedCycleDemo(db: Db, input: CycleDemoInput): Promise<{ ideas: number; plans: number }> {
  const principalOf = async (username: string): Promise<Principal> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return loadPrincipal(db, u, vnToday(input.now));
  };
  const ctxAt = (principal: Principal, when: Date): ServiceCtx => ({ db, principal, now: when, requestId: "seed-demo" });
  const unitAt = async (code: string, date: string) => {
    const u = await findUnitByCode(db, code, date);
    if (!u) throw new Error(`demo seed: unit ${code} not in force on ${date}`);
    return u;
  };
  let ideas = 0;
  let plans = 0;

  // ---- 2024, before the reform: the district offices of the time ----------------------------------------
  // Their accounts exist so the history names them; their roles ended when the districts did (1 July 2025).
  const historic = async (username: string, name: string, role: "district_office" | "commune_officer", unitCode: string): Promise<Principal> => {
    const unit = await unitAt(unitCode, "2024-01-15");
    const u = await createUser({ ctx: ctxAt(input.adminPrincipal, at("2024-01-02")), input: { username, displayName: name, password: input.password, locale: "vi" } });
    await db.transaction(async (tx) => {
      const [a] = await tx
        .insert(roleAssignments)
        .values({ userId: u.id, role, unitId: unit.id, grantedBy: input.adminId, grantedAt: at("2024-01-02"), revokedAt: at("2025-07-01") })
        .returning();
      await writeAudit(tx, { actorId: input.adminId, action: "role.assign", subjectType: "user", subjectId: u.id, after: { id: a!.id, role, unitId: unit.id, unitName: unit.name, note: "demo: vai trò trước sắp xếp đơn vị hành chính" }, requestId: "seed-demo" }, at("2024-01-02"));
      await writeAudit(tx, { actorId: input.adminId, action: "role.revoke", subjectType: "user", subjectId: u.id, after: { id: a!.id, revokedAt: "2025-07-01", reason: "Đơn vị hành chính cấp huyện kết thúc hoạt động" }, requestId: "seed-demo" }, at("2025-07-01"));
    });
    const grant: Grant = { role, unitId: unit.id, unitPath: unit.path };
    return { userId: u.id, username, displayName: name, locale: "vi", grants: [grant] };
  };
  const office = await principalOf("vanphong.tinh");
  const members = await Promise.all(input.producers.map((p) => principalOf(p.member)));
  const districtOf: Record<string, Principal> = {
    "18547": await historic("huyen.huongkhe", "Phòng NN&PTNT huyện Hương Khê (demo, đến 30/6/2025)", "district_office", "444"),
    "18313": await historic("huyen.vuquang", "Phòng NN&PTNT huyện Vũ Quang (demo, đến 30/6/2025)", "district_office", "441"),
    "18133": await historic("huyen.huongson", "Phòng NN&PTNT huyện Hương Sơn (demo, đến 30/6/2025)", "district_office", "439"),
    "18073": await historic("thanhpho.hatinh", "Phòng Kinh tế TP Hà Tĩnh (demo, đến 30/6/2025)", "district_office", "436"),
  };
  const communeOf: Record<string, Principal> = {};
  for (const p of input.producers) {
    communeOf[p.code] = await historic(`xa.${p.code}.2024`, `Cán bộ UBND cấp xã mã ${p.code} (demo, đến 30/6/2025)`, "commune_officer", p.code);
  }

  const c2024 = await createCycle({
    ctx: ctxAt(office, at("2024-01-05")),
    input: {
      year: 2024,
      chain: "commune-district-province",
      deadlines: { registration: "2024-03-31", communeList: "2024-04-15", districtList: "2024-04-30", appraisal: "2024-05-31", planSubmission: "2024-07-31" },
      note: "Chu trình 2024 (demo), trước khi sắp xếp đơn vị hành chính hai cấp.",
    },
  });

  const idea = async (cycleId: number, s: IdeaSpec, when: Date) => {
    ideas++;
    return createIdea({ ctx: ctxAt(members[s.producer]!, when), input: { cycleId, name: s.name, criteriaSetId: s.set, rawMaterials: s.raw, rawMaterialOrigin: s.origin, ...FORM } });
  };
  const step = (p: Principal, ideaId: number, action: Parameters<typeof actOnIdea>[0]["input"]["action"], when: Date, reason?: string) =>
    actOnIdea({ ctx: ctxAt(p, when), input: { ideaId, action, ...(reason ? { reason } : {}) } });

  const H: IdeaSpec[] = [
    { producer: 0, name: "Bưởi Phúc Trạch tươi (demo)", set: 1, raw: "Bưởi Phúc Trạch", origin: "Vườn bưởi của xã viên, xã Phúc Trạch" },
    { producer: 1, name: "Cam Vũ Quang (demo)", set: 1, raw: "Cam chanh, cam bù", origin: "Vùng cam VietGAP thị trấn Vũ Quang" },
    { producer: 2, name: "Nhung hươu tươi Hương Sơn (demo)", set: 2, raw: "Nhung hươu sao", origin: "Trại hươu của hộ, thị trấn Phố Châu" },
    { producer: 3, name: "Kẹo cu đơ truyền thống (demo)", set: 6, raw: "Mật mía, lạc, gừng, bánh đa", origin: "Mật mía Hương Sơn, lạc Nghi Xuân" },
    { producer: 0, name: "Nước ép bưởi đóng chai (demo)", set: 17, raw: "Bưởi Phúc Trạch loại 2", origin: "Xã Phúc Trạch" },
    { producer: 2, name: "Rượu ngâm nhung hươu (demo)", set: 15, raw: "Nhung hươu, rượu gạo", origin: "Thị trấn Phố Châu" },
  ];
  const h: number[] = [];
  for (const [i, s] of H.entries()) h.push((await idea(c2024.id, s, at(`2024-02-${10 + i}`))).id);
  for (const [i, id] of h.entries()) await step(members[H[i]!.producer]!, id, "submit", at("2024-03-20"));
  for (const [i, id] of h.entries()) await step(communeOf[input.producers[H[i]!.producer]!.code]!, id, "commune_forward", at("2024-04-10"));
  const districtFor = (i: number) => districtOf[input.producers[H[i]!.producer]!.code]!;
  for (const i of [0, 1, 2, 3, 5]) await step(districtFor(i), h[i]!, "district_select", at("2024-04-25"));
  await step(districtFor(4), h[4]!, "district_return", at("2024-04-25"), "Chưa có kết quả kiểm nghiệm nước ép và công bố chất lượng.");
  for (const i of [0, 1, 2, 3]) await step(office, h[i]!, "approve", at("2024-05-20"));
  // The wine idea stays selected: the province postponed its appraisal to the next cycle.
  for (const [i, scale] of [[0, 3n], [1, 2n], [2, 1n], [3, 2n]] as const) {
    const p = await createPlan({ ctx: ctxAt(members[H[i]!.producer]!, at("2024-06-05")), input: { ideaId: h[i]!, ...planInput(scale) } });
    plans++;
    await actOnPlan({ ctx: ctxAt(members[H[i]!.producer]!, at("2024-06-20")), input: { planId: p.id, action: "submit" } });
    await actOnPlan({ ctx: ctxAt(districtFor(i), at("2024-07-15")), input: { planId: p.id, action: "approve", estimatedStateSupport: 150_000_000n * scale } });
  }

  // ---- 1 July 2025: the producers' communes become the new communes with the same codes ------------------
  await db.transaction(async (tx) => {
    for (const p of input.producers) {
      const next = await findUnitByCode(tx, p.code, "2025-07-01");
      if (!next) throw new Error(`demo seed: no successor for ${p.code}`);
      const [before] = await tx.select().from(producers).where(eq(producers.id, p.id));
      await tx.update(producers).set({ communeId: next.id, updatedAt: at("2025-07-01") }).where(eq(producers.id, p.id));
      await writeAudit(tx, { actorId: input.adminId, action: "producer.update", subjectType: "producer", subjectId: p.id, before: { communeId: before!.communeId }, after: { communeId: next.id, reason: "Sắp xếp đơn vị hành chính (NQ 1665/NQ-UBTVQH15)" }, requestId: "seed-demo" }, at("2025-07-01"));
    }
  });

  // ---- this year's cycle, after the reform: commune → province ------------------------------------------
  const now = input.now;
  const start = addDays(now, -20);
  const year = Number(day(now).slice(0, 4));
  const cNow = await createCycle({
    ctx: ctxAt(office, start),
    input: {
      year,
      chain: "commune-province",
      deadlines: { registration: day(addDays(now, 30)), communeList: day(addDays(now, 45)), appraisal: day(addDays(now, 75)), planSubmission: day(addDays(now, 120)) },
      note: "Chu trình demo: các hạn được đặt theo ngày nạp dữ liệu mẫu.",
    },
  });
  const phucTrach = await principalOf("canbo.phuctrach");
  const communeNow: Record<string, Principal> = {};
  for (const p of input.producers) {
    const unit = await unitAt(p.code, day(now));
    // Only Phúc Trạch has a demo account today; the other communes act through principals named for the demo.
    communeNow[p.code] = p.code === "18547" ? phucTrach : { userId: `demo-xa-${p.code}`, username: `xa.${p.code}`, displayName: `UBND xã ${unit.name}`, locale: "vi", grants: [{ role: "commune_officer", unitId: unit.id, unitPath: unit.path }] };
  }
  const N: IdeaSpec[] = [
    { producer: 0, name: "Tinh dầu vỏ bưởi Phúc Trạch (demo)", set: 20, raw: "Vỏ bưởi Phúc Trạch", origin: "Bưởi của xã viên HTX" },
    { producer: 1, name: "Cam Vũ Quang sấy dẻo (demo)", set: 7, raw: "Cam Vũ Quang", origin: "Vùng cam xã Vũ Quang" },
    { producer: 2, name: "Cao nhung hươu Hương Sơn (demo)", set: 18, raw: "Nhung hươu", origin: "Trại hươu xã Hương Sơn" },
    { producer: 3, name: "Kẹo cu đơ gừng (demo)", set: 6, raw: "Mật mía, lạc, gừng", origin: "Hương Sơn, Nghi Xuân" },
    { producer: 3, name: "Bánh đa vừng Thành Sen (demo)", set: 6, raw: "Gạo, vừng", origin: "Gạo của nông dân Thạch Hà" },
    { producer: 0, name: "Mứt vỏ bưởi (demo)", set: 7, raw: "Vỏ bưởi, đường", origin: "Xã Phúc Trạch" },
    { producer: 1, name: "Nước cam ép (demo)", set: 17, raw: "Cam Vũ Quang", origin: "Xã Vũ Quang" },
    { producer: 2, name: "Trà nhung hươu (demo)", set: 12, raw: "Nhung hươu, thảo dược", origin: "Xã Hương Sơn" },
    { producer: 0, name: "Trà hoa bưởi (demo)", set: 12, raw: "Hoa bưởi", origin: "Xã Phúc Trạch" },
  ];
  const n: number[] = [];
  for (const [i, s] of N.entries()) n.push((await idea(cNow.id, s, addDays(start, 1 + i))).id);
  const memberOf = (i: number) => members[N[i]!.producer]!;
  const communeFor = (i: number) => communeNow[input.producers[N[i]!.producer]!.code]!;
  for (const i of [0, 1, 2, 3, 4, 5, 6, 7]) await step(memberOf(i), n[i]!, "submit", addDays(start, 10));
  for (const i of [0, 1, 2, 3, 4, 7]) await step(communeFor(i), n[i]!, "commune_forward", addDays(start, 12));
  await step(communeFor(6), n[6]!, "commune_return", addDays(start, 12), "Cần bổ sung nguồn gốc nguyên liệu và ảnh sản phẩm mẫu.");
  for (const i of [0, 1, 2, 3]) await step(office, n[i]!, "approve", addDays(start, 15));
  await step(office, n[7]!, "reject", addDays(start, 15), "Trùng với sản phẩm đã được công nhận của chủ thể; đề nghị phát triển sản phẩm khác.");
  // Idea 4 waits for the province, 5 for the commune (canbo.phuctrach), 8 is a draft.

  const planFor = async (i: number, scale: bigint, when: Date) => {
    plans++;
    return createPlan({ ctx: ctxAt(memberOf(i), when), input: { ideaId: n[i]!, ...planInput(scale) } });
  };
  const pApproved = await planFor(0, 2n, addDays(start, 16));
  await actOnPlan({ ctx: ctxAt(memberOf(0), addDays(start, 17)), input: { planId: pApproved.id, action: "submit" } });
  await actOnPlan({ ctx: ctxAt(office, addDays(start, 19)), input: { planId: pApproved.id, action: "approve", estimatedStateSupport: 300_000_000n, responsibleUserId: phucTrach.userId } });
  const pRevise = await planFor(1, 1n, addDays(start, 16));
  await actOnPlan({ ctx: ctxAt(memberOf(1), addDays(start, 17)), input: { planId: pRevise.id, action: "submit" } });
  await actOnPlan({ ctx: ctxAt(office, addDays(start, 19)), input: { planId: pRevise.id, action: "request_revision", reason: "Doanh thu dự kiến năm 3 chưa có căn cứ; bổ sung hợp đồng tiêu thụ." } });
  const pSubmitted = await planFor(2, 1n, addDays(start, 16));
  await actOnPlan({ ctx: ctxAt(memberOf(2), addDays(start, 18)), input: { planId: pSubmitted.id, action: "submit" } });
  await planFor(3, 1n, addDays(start, 18));
  return { ideas, plans };
}
