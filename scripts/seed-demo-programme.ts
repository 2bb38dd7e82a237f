import { and, eq, inArray } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Db } from "../src/db/client.js";
import { modelIndicators } from "../src/domain/programme-indicators.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { vnToday } from "../src/lib/dates.js";
import { users } from "../src/modules/accounts/schema.js";
import { producers } from "../src/modules/producers/schema.js";
import { programmePlans } from "../src/modules/programme/schema.js";
import { addParticipant, createEvent } from "../src/modules/programme/services/events.js";
import { createProgrammePlan } from "../src/modules/programme/services/plans.js";
import { adminUnits } from "../src/modules/units/schema.js";

/*
 * The programme running (issue 17): this year's OCOP plan with seed 004's targets (Kế hoạch năm 2020 of Hà Tĩnh,
 * "Chỉ tiêu cụ thể", the 72 products of 2019 included), entered by `vanphong.tinh`, and two training events of
 * this year with their participants: the commune officers and the office at one, three producers at the other.
 * Progress is measured live, so the plan's page shows what the rest of the demo left in the registry.
 * Through the services, with their audit records; skipped when the year's plan is there already.
 */

const DAY = 86_400_000;

export async function seedProgrammeDemo(db: Db, opts: { now: Date }): Promise<{ planId: number; eventIds: number[] } | null> {
  const today = vnToday(opts.now);
  const year = Number(today.slice(0, 4));
  const [province] = await db.select({ id: adminUnits.id }).from(adminUnits).where(and(eq(adminUnits.code, "42"), eq(adminUnits.level, "province")));
  if (!province) return null;
  if ((await db.select({ id: programmePlans.id }).from(programmePlans).where(and(eq(programmePlans.unitId, province.id), eq(programmePlans.year, year)))).length) return null;

  const account = async (username: string) => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return u;
  };
  const office = await account("vanphong.tinh");
  const ctx: ServiceCtx = { db, principal: await loadPrincipal(db, office, today), now: opts.now, requestId: "seed-demo" };
  // A day of this year `daysAgo` before today (never before 1 January, so early in January it is still this year's).
  const dayOf = (daysAgo: number) => {
    const d = vnToday(new Date(opts.now.getTime() - daysAgo * DAY));
    return d < `${year}-01-01` ? `${year}-01-01` : d;
  };

  const plan = await createProgrammePlan({
    ctx,
    input: {
      unitId: province.id,
      year,
      number: `35/KH-UBND`,
      issuedOn: today < `${year}-02-10` ? today : `${year}-02-10`,
      title: `Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Hà Tĩnh năm ${year} (demo)`,
      indicators: modelIndicators(2019, 72),
    },
  });

  const officials = await Promise.all(["canbo.phuctrach", "canbo.vuquang", "vanphong.tinh"].map(account));
  const first = await createEvent({
    ctx,
    input: {
      unitId: province.id,
      kind: "training",
      title: "Tập huấn nâng cao năng lực cán bộ quản lý Chương trình OCOP cấp xã (demo)",
      topic: "Chu trình OCOP thường niên; đánh giá, phân hạng theo Quyết định 26/2026/QĐ-TTg; quản lý tem truy xuất nguồn gốc",
      startsOn: dayOf(60),
      endsOn: dayOf(59),
      place: "Hội trường Văn phòng Điều phối nông thôn mới tỉnh, TP Hà Tĩnh",
      organiser: "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh",
    },
  });
  for (const u of officials) await addParticipant({ ctx, input: { eventId: first.id, userId: u.id } });

  const demoProducers = await db.select({ id: producers.id, name: producers.name, rep: producers.representativeName }).from(producers).where(inArray(producers.taxCode, ["3001990001", "3001990002", "3001990003"]));
  const second = await createEvent({
    ctx,
    input: {
      unitId: province.id,
      kind: "training",
      title: "Tập huấn xây dựng phương án sản xuất kinh doanh và quản lý chất lượng cho chủ thể OCOP (demo)",
      topic: "Phương án sản xuất kinh doanh, tiếp cận thị trường; an toàn thực phẩm, quản lý chất lượng sản phẩm; kỹ năng bán hàng trực tuyến",
      startsOn: dayOf(25),
      endsOn: dayOf(25),
      place: "Trung tâm Khuyến nông tỉnh Hà Tĩnh",
      organiser: "Văn phòng Điều phối nông thôn mới tỉnh phối hợp Sở Y tế",
    },
  });
  for (const p of demoProducers) await addParticipant({ ctx, input: { eventId: second.id, producerId: p.id, ...(p.rep ? { attendeeName: p.rep } : {}) } });
  return { planId: plan.id, eventIds: [first.id, second.id] };
}
