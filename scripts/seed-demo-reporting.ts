import { eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import { addMonths, reportingMonthAt, vnMidnight } from "../src/domain/monthly-report.js";
import type { Db } from "../src/db/client.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { vnToday } from "../src/lib/dates.js";
import { AppError } from "../src/lib/problem.js";
import { users } from "../src/modules/accounts/schema.js";
import { fileReport, saveDraft } from "../src/modules/reporting/service.js";

/*
 * The last three months' monthly reports of the two demo communes, filed through the service at the dates they
 * would have been (the filed figures are whatever the registry held for those months):
 * - three months ago: both filed on time;
 * - two months ago: Phúc Trạch on time, Vũ Quang on the 22nd of the next month — LATE;
 * - last month: Vũ Quang filed (on time); Phúc Trạch has only a draft, so `canbo.phuctrach`'s home shows the
 *   report due on the 20th (or overdue, after it).
 * Months the communes did not report (before the 2025 reform, when the districts did) are skipped.
 */

const HOUR = 3_600_000;
const COMMUNES = [
  { username: "canbo.phuctrach", place: "Phúc Trạch", signer: "Trần Văn Bình", product: "bưởi Phúc Trạch" },
  { username: "canbo.vuquang", place: "Vũ Quang", signer: "Lê Thị Hoa", product: "cam Vũ Quang" },
] as const;

const textFor = (c: (typeof COMMUNES)[number], month: string, n: number) => ({
  number: `${n}/BC-UBND`,
  place: c.place,
  recipients: "Văn phòng Điều phối nông thôn mới tỉnh;\nThường trực Đảng ủy, HĐND xã;\nLưu: VT.",
  signerName: c.signer,
  signerTitle: "Chủ tịch",
  results: `Trong tháng ${month.slice(5)}/${month.slice(0, 4)}, xã tiếp tục hướng dẫn các chủ thể hoàn thiện hồ sơ, bao bì, nhãn mác và dán tem truy xuất nguồn gốc cho sản phẩm ${c.product}; tổ chức tuyên truyền Chương trình OCOP trên hệ thống loa truyền thanh.`,
  difficulties: "Một số chủ thể còn chậm cập nhật hồ sơ lên phần mềm; nguồn vốn hỗ trợ giải ngân chậm.",
  proposals: "Đề nghị Văn phòng Điều phối nông thôn mới tỉnh tổ chức tập huấn cập nhật hồ sơ đánh giá, phân hạng cho cán bộ xã và chủ thể.",
});

export async function seedReportingDemo(db: Db, opts: { now: Date }): Promise<{ filed: number; late: number; drafts: number }> {
  const last = reportingMonthAt(opts.now);
  const out = { filed: 0, late: 0, drafts: 0 };
  const ctxAt = async (username: string, at: Date): Promise<ServiceCtx> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return { db, principal: await loadPrincipal(db, u, vnToday(at)), now: at, requestId: "seed-demo" };
  };
  const unitOf = (ctx: ServiceCtx) => ctx.principal!.grants.find((g) => g.role === "commune_officer")!.unitId!;
  // The day of the month after `m` at 09:00 in Vietnam, never later than now.
  const dayAfter = (m: string, day: number) => new Date(Math.min(vnMidnight(`${addMonths(m, 1)}-${String(day).padStart(2, "0")}`).getTime() + 9 * HOUR, opts.now.getTime()));
  const plan: { c: (typeof COMMUNES)[number]; month: string; day: number | null }[] = [
    { c: COMMUNES[0], month: addMonths(last, -2), day: 8 },
    { c: COMMUNES[1], month: addMonths(last, -2), day: 18 },
    { c: COMMUNES[0], month: addMonths(last, -1), day: 12 },
    { c: COMMUNES[1], month: addMonths(last, -1), day: 22 },
    { c: COMMUNES[1], month: last, day: 10 },
    { c: COMMUNES[0], month: last, day: null },
  ];
  let n = 10;
  for (const p of plan) {
    const at = p.day === null ? opts.now : dayAfter(p.month, p.day);
    const ctx = await ctxAt(p.c.username, at);
    const input = { ...textFor(p.c, p.month, n++), unitId: unitOf(ctx), month: p.month };
    try {
      if (p.day === null) {
        await saveDraft({ ctx, input: { ...input, results: "", difficulties: "" } });
        out.drafts++;
      } else {
        const r = await fileReport({ ctx, input });
        out.filed++;
        if (r.late) out.late++;
      }
    } catch (e) {
      // A month before the reform is the districts'; a month not over yet cannot be filed.
      if (e instanceof AppError && (e.status === 404 || e.status === 409)) continue;
      throw e;
    }
  }
  return out;
}
