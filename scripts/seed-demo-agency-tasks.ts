import { eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Principal } from "../src/domain/principal.js";
import type { AgencyKind } from "../src/domain/task-workflow.js";
import type { Db } from "../src/db/client.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { vnToday } from "../src/lib/dates.js";
import { FONT, newDocument } from "../src/lib/pdf/document.js";
import { users } from "../src/modules/accounts/schema.js";
import { assignRole, createUser } from "../src/modules/accounts/service.js";
import { createAgency, createTask, reportOnTask } from "../src/modules/tasks/service.js";
import { findUnitByCode } from "../src/modules/units/queries.js";

/*
 * Issue 17's part of the demo: the agencies the seeds assign tasks to, one staff account (`so.congthuong`), and
 * tasks taken from the seeds' documents, dated around the day the demo is loaded: one in progress, one overdue
 * (the press campaign of seed 000, IV.4), one done with its report and file (the fair of seed 004, 6.1), others
 * assigned, one of them to the commune of Phúc Trạch. Everything goes through the services, with audit records.
 */

const DAY = 86_400_000;

export const DEMO_AGENCIES: { name: string; shortName?: string; kind: AgencyKind }[] = [
  { name: "Sở Công Thương", shortName: "SCT", kind: "department" },
  { name: "Sở Y tế", shortName: "SYT", kind: "department" },
  { name: "Sở Khoa học và Công nghệ", shortName: "SKHCN", kind: "department" },
  { name: "Báo Hà Tĩnh", kind: "media" },
  { name: "Đài Phát thanh - Truyền hình Hà Tĩnh", shortName: "Đài PT-TH", kind: "media" },
  { name: "Ngân hàng Chính sách xã hội tỉnh Hà Tĩnh", shortName: "NHCSXH", kind: "bank" },
];

/** The agencies' staff accounts (the demo password of the other accounts). */
export const DEMO_AGENCY_ACCOUNTS = [{ username: "so.congthuong", name: "Cán bộ Sở Công Thương (demo)", agency: "Sở Công Thương" }];

async function reportPdf(title: string, lines: string[]): Promise<Uint8Array> {
  const doc = newDocument({ title });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.font(FONT.bold).fontSize(14).text(title, { align: "center" }).moveDown();
  doc.font(FONT.regular).fontSize(11);
  for (const l of lines) doc.text(l).moveDown(0.5);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function seedAgencyTasksDemo(db: Db, opts: { now: Date; password: string }): Promise<{ agencies: number; tasks: number; overdue: number }> {
  const principalOf = async (username: string): Promise<Principal> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return loadPrincipal(db, u, vnToday(opts.now));
  };
  const daysAgo = (n: number) => new Date(opts.now.getTime() - n * DAY);
  const dateIn = (n: number) => vnToday(new Date(opts.now.getTime() + n * DAY));
  const ctx = (principal: Principal, ago: number): ServiceCtx => ({ db, principal, now: daysAgo(ago), requestId: "seed-demo" });
  const office = await principalOf("vanphong.tinh");
  const admin = await principalOf("admin");

  const ids = new Map<string, number>();
  for (const a of DEMO_AGENCIES) ids.set(a.name, (await createAgency({ ctx: ctx(office, 45), input: { ...a } })).id);
  for (const a of DEMO_AGENCY_ACCOUNTS) {
    const u = await createUser({ ctx: ctx(admin, 45), input: { username: a.username, displayName: a.name, password: opts.password, locale: "vi" } });
    await assignRole({ ctx: ctx(admin, 45), input: { userId: u.id, role: "agency_staff", agencyId: ids.get(a.agency)! } });
  }
  const staff = await principalOf("so.congthuong");
  const phucTrach = await findUnitByCode(db, "18547", vnToday(opts.now));

  // The documents, modelled on the seeds and dated this year.
  const conclusion = { kind: "conclusion" as const, number: "05-TB/BCĐ", date: dateIn(-40), title: "Kết luận của Ban Chỉ đạo các Chương trình MTQG và OCOP tỉnh tại cuộc họp định kỳ (theo mẫu seed 000)" };
  const plan = { kind: "plan" as const, date: dateIn(-42), title: "Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Hà Tĩnh năm nay (theo mẫu seed 004)" };
  const workingNotice = { kind: "conclusion" as const, date: dateIn(-30), title: "Kết luận của Phó Chủ tịch Thường trực UBND tỉnh tại buổi làm việc với Văn phòng Điều phối nông thôn mới tỉnh (theo mẫu seed 003)" };

  const give = (ago: number, input: Parameters<typeof createTask>[0]["input"]) => createTask({ ctx: ctx(office, ago), input });

  const shops = await give(38, {
    title: "Hướng dẫn, vận động các tổ chức, cá nhân hình thành gian hàng giới thiệu, bán sản phẩm OCOP; kiểm tra các điểm bán theo Quyết định 920/QĐ-BCT",
    source: conclusion,
    agencyId: ids.get("Sở Công Thương")!,
    deadline: dateIn(30),
  });
  await reportOnTask({ ctx: ctx(staff, 12), input: { taskId: shops.id, kind: "progress", note: "Đã làm việc với 3 siêu thị tại TP Hà Tĩnh; 2 đơn vị đăng ký mở gian hàng OCOP (demo)." } });

  const fair = await give(40, {
    title: "Xây dựng kế hoạch và tổ chức hội chợ, hội nghị kết nối tiêu thụ sản phẩm OCOP trong và ngoài tỉnh",
    details: "Đưa các sản phẩm OCOP đạt từ 3 sao trở lên tham gia; báo cáo kết quả về Văn phòng Điều phối.",
    source: plan,
    agencyId: ids.get("Sở Công Thương")!,
    deadline: dateIn(-10),
  });
  await reportOnTask({ ctx: ctx(staff, 25), input: { taskId: fair.id, kind: "progress", note: "Đã ban hành kế hoạch hội chợ; đang mời các chủ thể đăng ký gian hàng (demo)." } });
  const pdf = await reportPdf("Báo cáo kết quả tổ chức hội chợ OCOP (demo)", ["Sở Công Thương báo cáo: hội chợ có 45 gian hàng, 28 sản phẩm OCOP từ 3 sao trở lên tham gia.", "Doanh thu tại hội chợ ước đạt 1,2 tỷ đồng; 6 hợp đồng tiêu thụ được ký kết."]);
  await reportOnTask({ ctx: ctx(staff, 15), input: { taskId: fair.id, kind: "done", note: "Đã tổ chức hội chợ; báo cáo kết quả kèm theo (demo).", file: { name: "bao-cao-hoi-cho-ocop.pdf", bytes: pdf } } });

  // The press campaign, given a month ago and due five days ago, with nothing reported: overdue.
  await give(35, { title: "Đẩy mạnh chiến dịch truyền thông về Chương trình OCOP; duy trì chuyên trang, chuyên mục về nông nghiệp, nông thôn", source: conclusion, agencyId: ids.get("Báo Hà Tĩnh")!, deadline: dateIn(-5) });
  await give(35, { title: "Tuyên truyền, kiểm tra, giám sát các cơ sở sản xuất về an toàn vệ sinh thực phẩm, công bố chất lượng sản phẩm OCOP", source: plan, agencyId: ids.get("Sở Y tế")!, deadline: dateIn(60) });
  await give(20, { title: "Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Chương trình khoa học công nghệ phục vụ xây dựng nông thôn mới", source: workingNotice, agencyId: ids.get("Sở Khoa học và Công nghệ")!, deadline: dateIn(20) });
  if (phucTrach) {
    await give(30, { title: "Hình thành tối thiểu 01 điểm giới thiệu và bán sản phẩm OCOP của địa phương", source: plan, unitId: phucTrach.id, deadline: dateIn(45) });
  }
  return { agencies: DEMO_AGENCIES.length, tasks: phucTrach ? 6 : 5, overdue: 1 };
}
