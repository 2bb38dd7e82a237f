import { type Action, agencyScopes, can, POLICY, unitScopes } from "../auth/policy.js";
import type { Principal } from "../domain/principal.js";
import type { Role } from "../domain/roles.js";
import type { Bilingual } from "../lib/i18n.js";

/**
 * The one table of the site's pages, read by the layout (the menu) and by each role's home (its tasks), so the
 * two cannot drift apart. An entry with `menu` is a menu link, shown to a visitor for whom `shows` is true; an
 * entry with `task` is listed on the home card of every role the policy grants `action` (and not `unless`, which
 * hides the weaker twin of a stronger task).
 */
export type PageEntry = {
  href: string;
  menu?: Bilingual;
  /** The menu group a menu link sits in (MENU_GROUPS); a phone shows the groups folded. */
  group?: MenuGroupId;
  shows?: (p: Principal | null) => boolean;
  task?: Bilingual;
  action?: Action;
  unless?: Action;
};

/** The menu's groups, in order: what a visitor looks up, the cycle's records, certification and stamps, reports and administration. */
export const MENU_GROUPS = {
  lookup: { vi: "Tra cứu", en: "Look up" },
  records: { vi: "Hồ sơ OCOP", en: "Records" },
  certs: { vi: "Chứng nhận, tem", en: "Certificates, stamps" },
  admin: { vi: "Quản trị", en: "Admin" },
} as const satisfies Record<string, Bilingual>;
export type MenuGroupId = keyof typeof MENU_GROUPS;

const member = (p: Principal | null) => !!p?.grants.some((g) => g.role === "producer_member");
const inUnits = (...actions: Action[]) => (p: Principal | null) => actions.some((a) => unitScopes(p, a).length > 0);
const readsTasks = (p: Principal | null) => unitScopes(p, "tasks.read").length > 0 || agencyScopes(p, "tasks.read").length > 0;
const operatorPoint = (p: Principal | null) => p?.grants.find((g) => g.role === "retail_operator" && g.retailPointId)?.retailPointId;

export const PAGES: readonly PageEntry[] = [
  { href: "/registry", group: "lookup", menu: { vi: "Sổ sản phẩm OCOP", en: "OCOP register" } },
  { href: "/registry/status", group: "lookup", menu: { vi: "Tra cứu nhiều giấy chứng nhận", en: "Bulk status check" } },
  { href: "/open-data/", group: "lookup", menu: { vi: "Dữ liệu mở", en: "Open data" } },
  { href: "/units", group: "lookup", menu: { vi: "Đơn vị hành chính", en: "Administrative units" } },
  // Producer lists are scoped: the link is for anyone who can read some producer (officials, members).
  { href: "/producers", group: "records", menu: { vi: "Chủ thể OCOP", en: "Producers" }, shows: (p) => inUnits("producers.read")(p) || !!p?.grants.some((g) => g.producerId !== undefined) },
  { href: "/producers", action: "producers.manage", task: { vi: "Hồ sơ chủ thể OCOP và thành viên", en: "OCOP producer profiles and members" } },
  { href: "/producers", action: "producers.read", unless: "producers.manage", task: { vi: "Xem chủ thể OCOP trong địa bàn", en: "View the OCOP producers in your area" } },
  // Cycle records are scoped the same way: officials in their unit, producers' members for their own.
  { href: "/ideas", group: "records", menu: { vi: "Ý tưởng sản phẩm", en: "Product ideas" }, shows: (p) => inUnits("ideas.read")(p) || member(p) },
  { href: "/plans", group: "records", menu: { vi: "Phương án SXKD", en: "Business plans" }, shows: (p) => inUnits("ideas.read")(p) || member(p) },
  { href: "/products", group: "records", menu: { vi: "Sản phẩm", en: "Products" }, shows: (p) => inUnits("ideas.read")(p) || member(p) },
  { href: "/dossiers", group: "records", menu: { vi: "Hồ sơ đánh giá", en: "Dossiers" }, shows: (p) => inUnits("ideas.read")(p) || member(p) },
  { href: "/ideas/new", action: "ideas.author", task: { vi: "Đăng ký ý tưởng sản phẩm", en: "Register a product idea" } },
  { href: "/ideas", action: "ideas.author", task: { vi: "Ý tưởng của tôi: trạng thái và lý do", en: "My ideas: status and reasons" } },
  { href: "/ideas?waiting=1", action: "ideas.act", unless: "ideas.author", task: { vi: "Ý tưởng chờ tôi xử lý (tổng hợp, lựa chọn, thẩm định)", en: "Ideas waiting for me (compile, select, appraise)" } },
  { href: "/ideas", action: "ideas.read", unless: "ideas.act", task: { vi: "Xem ý tưởng sản phẩm trong địa bàn", en: "View the product ideas in your area" } },
  { href: "/plans", action: "plans.author", task: { vi: "Phương án sản xuất kinh doanh của tôi", en: "My business plans" } },
  { href: "/plans?waiting=1", action: "plans.act", unless: "plans.author", task: { vi: "Phương án chờ phê duyệt", en: "Business plans awaiting approval" } },
  { href: "/plans", action: "plans.read", unless: "plans.act", task: { vi: "Xem phương án sản xuất kinh doanh trong địa bàn", en: "View the business plans in your area" } },
  { href: "/dossiers?state=submitted", action: "dossiers.review", task: { vi: "Hồ sơ sản phẩm chờ xã xem xét, đề xuất (cả hồ sơ của các xã cũ đã sáp nhập)", en: "Product dossiers waiting for the commune's review and proposal (those of merged former communes included)" } },
  { href: "/products", action: "products.read", task: { vi: "Sản phẩm: mã số, ảnh, cán bộ phụ trách", en: "Products: codes, photos, responsible officials" } },
  { href: "/products/shop-links?status=pending", action: "products.links.decide", task: { vi: "Duyệt liên kết bán hàng trực tuyến của chủ thể (mục “Nơi mua” công khai)", en: "Approve producers' online shop links (the public “Where to buy”)" } },
  { href: "/dossiers", action: "dossiers.author", task: { vi: "Hồ sơ đánh giá, phân hạng sản phẩm của tôi", en: "My products' evaluation dossiers" } },
  // Monthly reports: a unit's officials file theirs; the office follows the month and its roll-up.
  { href: "/monthly-reports", group: "records", menu: { vi: "Báo cáo tháng", en: "Monthly reports" }, shows: inUnits("monthly_reports.file", "monthly_reports.overview") },
  { href: "/monthly-reports", action: "monthly_reports.file", task: { vi: "Báo cáo tháng của đơn vị: số liệu tự điền, nộp trước ngày 20 tháng sau", en: "Your unit's monthly report: figures filled in, due by the 20th of the next month" } },
  { href: "/monthly-reports/overview", action: "monthly_reports.overview", task: { vi: "Báo cáo tháng: đơn vị đã nộp, nộp muộn, chưa nộp; tổng hợp toàn tỉnh", en: "Monthly reports: who filed, who is late, who has not; the province roll-up" } },
  { href: "/reports/budget", group: "admin", menu: { vi: "Báo cáo kinh phí", en: "Budget report" }, shows: inUnits("plans.report"), action: "plans.report", task: { vi: "Tổng hợp kinh phí theo huyện và toàn tỉnh", en: "Budget totals per district and for the province" } },
  { href: "/dashboard", group: "admin", menu: { vi: "Bảng số liệu", en: "Dashboard" }, shows: inUnits("dashboard.read"), action: "dashboard.read", task: { vi: "Bảng số liệu OCOP: sản phẩm theo sao, nhóm, xã; tiến độ năm; kinh phí; tem", en: "OCOP dashboard: products by stars, group and commune; the year's pipeline; funding; stamps" } },
  { href: "/rounds", group: "records", menu: { vi: "Đánh giá", en: "Evaluation" }, shows: inUnits("rounds.score", "rounds.manage") },
  { href: "/rounds", action: "rounds.score", task: { vi: "Chấm điểm hồ sơ trong các đợt đánh giá, khai báo xung đột lợi ích", en: "Score dossiers in evaluation rounds, declare conflicts of interest" } },
  { href: "/rounds", action: "rounds.manage", task: { vi: "Theo dõi các đợt đánh giá và Hội đồng", en: "Follow evaluation rounds and councils" } },
  { href: "/appeals", group: "records", menu: { vi: "Khiếu nại kết quả", en: "Appeals" }, shows: inUnits("appeals.decide"), action: "appeals.decide", task: { vi: "Giải quyết khiếu nại kết quả đánh giá: chấm lại, biện pháp khác hoặc không chấp nhận", en: "Decide appeals of council results: re-score, another remedy or reject" } },
  { href: "/cycles", group: "records", menu: { vi: "Chu trình", en: "Cycles" }, shows: inUnits("cycles.manage"), action: "cycles.manage", task: { vi: "Lập chu trình năm: chuỗi cấp xét duyệt và các hạn", en: "Set up the year's cycle: chain of levels and deadlines" } },
  { href: "/stamps", group: "certs", menu: { vi: "Tem OCOP", en: "OCOP stamps" }, shows: (p) => inUnits("stamps.issue")(p) || member(p) },
  { href: "/stamps", action: "stamps.issue", task: { vi: "Duyệt đề nghị và phát hành tem truy xuất QR", en: "Approve requests and issue QR traceability stamps" } },
  { href: "/stamps", action: "stamps.request", unless: "stamps.issue", task: { vi: "Đề nghị cấp tem, kích hoạt tem theo lô và hủy tem", en: "Request stamps, activate them per lot, void them" } },
  { href: "/retail", group: "certs", menu: { vi: "Điểm bán OCOP", en: "Retail points" }, shows: inUnits("retail.read") },
  { href: "/retail/{mine}", group: "certs", menu: { vi: "Điểm bán của tôi", en: "My shop" }, shows: (p) => operatorPoint(p) !== undefined },
  { href: "/retail/verify", group: "lookup", menu: { vi: "Kiểm tra tem", en: "Check a stamp" }, shows: (p) => operatorPoint(p) !== undefined || inUnits("retail.read")(p) },
  { href: "/retail/verify", action: "retail.manage", task: { vi: "Kiểm tra tem của hàng nhập về", en: "Check the stamps of incoming goods" } },
  { href: "/stats/scans", group: "certs", menu: { vi: "Lượt quét tem", en: "Stamp scans" }, shows: (p) => inUnits("stamps.read")(p) || member(p), action: "stamps.read", task: { vi: "Thống kê lượt quét tem theo ngày và nơi quét", en: "Stamp scans per day and place" } },
  { href: "/reports/fakes", group: "certs", menu: { vi: "Báo cáo tem giả", en: "Fake reports" }, shows: inUnits("reports.manage"), action: "reports.manage", task: { vi: "Xử lý báo cáo tem nghi giả của người tiêu dùng", en: "Handle consumers' reports of suspected fakes" } },
  { href: "/complaints", group: "certs", menu: { vi: "Phản ánh về sản phẩm", en: "Complaints" }, shows: inUnits("complaints.manage"), action: "complaints.manage", task: { vi: "Xem xét phản ánh về sản phẩm OCOP: mở đợt kiểm tra hoặc đóng có lý do", en: "Triage complaints about OCOP products: open an inspection or close with a reason" } },
  { href: "/certificates", group: "certs", menu: { vi: "Giấy chứng nhận OCOP", en: "Certificates" }, shows: inUnits("certificates.decide"), action: "certificates.decide", task: { vi: "Công nhận sao; tạm dừng, thu hồi giấy chứng nhận; kiểm tra sau công nhận", en: "Recognise stars; suspend and revoke certificates; inspections after certification" } },
  { href: "/notices", group: "certs", menu: { vi: "Thông báo", en: "Notices" }, shows: (p) => inUnits("certificates.notices")(p) || member(p), action: "certificates.notices", task: { vi: "Thông báo: giấy chứng nhận sắp hết hạn, kết quả cấp Trung ương", en: "Notices: certificates nearing expiry, central results" } },
  // The year's plan and its targets, training and trade events (issue 17). A producer reads only its training record.
  { href: "/programme", group: "admin", menu: { vi: "Kế hoạch, chỉ tiêu OCOP", en: "Plan and targets" }, shows: inUnits("programme.read"), action: "programme.read", unless: "ideas.author", task: { vi: "Kế hoạch OCOP năm: tiến độ các chỉ tiêu theo tỉnh và theo xã", en: "The year's OCOP plan: progress of its targets for the province and per commune" } },
  { href: "/programme/events", group: "admin", menu: { vi: "Tập huấn, xúc tiến thương mại", en: "Training and trade events" }, shows: inUnits("programme.read"), action: "programme.manage", task: { vi: "Ghi nhận tập huấn, hội chợ, xúc tiến thương mại và người tham gia", en: "Record training, fairs and trade promotion, with who took part" } },
  { href: "/programme/training/mine", action: "programme.read", task: { vi: "Hồ sơ tập huấn của tôi", en: "My training record" } },
  // Tasks assigned by plans and conclusions (issue 17): the office assigns and follows, the assignee reports.
  { href: "/tasks", group: "records", menu: { vi: "Nhiệm vụ được giao", en: "Assigned tasks" }, shows: readsTasks },
  { href: "/tasks/new", action: "tasks.manage", task: { vi: "Giao nhiệm vụ cho sở, ngành, địa phương theo kế hoạch, thông báo kết luận", en: "Assign tasks to agencies and units from plans and conclusions" } },
  { href: "/tasks", action: "tasks.manage", task: { vi: "Theo dõi nhiệm vụ đã giao: tiến độ, quá hạn", en: "Follow assigned tasks: progress, overdue" } },
  { href: "/tasks", action: "tasks.report", unless: "tasks.manage", task: { vi: "Nhiệm vụ được giao cho tôi: báo cáo tiến độ, hoàn thành", en: "Tasks assigned to me: report progress and completion" } },
  { href: "/agencies", group: "admin", menu: { vi: "Cơ quan, đơn vị", en: "Agencies" }, shows: inUnits("agencies.manage"), action: "agencies.manage", task: { vi: "Danh sách sở, ban, ngành, đơn vị được giao nhiệm vụ", en: "The list of agencies assigned tasks" } },
  { href: "/admin/users", group: "admin", menu: { vi: "Người dùng", en: "Users" }, shows: (p) => can(p, "users.read") },
  { href: "/admin/users", action: "users.manage", task: { vi: "Tạo tài khoản, giao và thu hồi vai trò", en: "Create accounts, grant and revoke roles" } },
  { href: "/admin/users", action: "users.read", unless: "users.manage", task: { vi: "Xem tài khoản và vai trò", en: "View accounts and roles" } },
  { href: "/admin/audit", group: "admin", menu: { vi: "Nhật ký", en: "Audit log" }, shows: (p) => can(p, "audit.read"), action: "audit.read", task: { vi: "Xem nhật ký kiểm toán", en: "Read the audit log" } },
  { href: "/admin/audit?verify=1", action: "audit.verify", task: { vi: "Kiểm tra toàn vẹn nhật ký", en: "Verify the audit chain" } },
  { href: "/units", task: { vi: "Tra cứu đơn vị hành chính", en: "Browse administrative units" } },
];

/** The menu of a visitor: only pages that exist, and only those they may open. */
export function menuFor(principal: Principal | null): { href: string; label: Bilingual; group: MenuGroupId }[] {
  return PAGES.filter((e) => e.menu && (!e.shows || e.shows(principal))).map((e) => ({
    href: e.href === "/retail/{mine}" ? `/retail/${operatorPoint(principal)}` : e.href,
    label: e.menu!,
    group: e.group ?? "lookup",
  }));
}

export type MenuLink = { href: string; label: Bilingual; current: boolean };
export type MenuGroup = { id: MenuGroupId; label: Bilingual; current: boolean; links: MenuLink[] };

/**
 * The menu in its groups, the current page marked: the link whose path is the page's or its longest prefix
 * (`/certificates/7/manage` is under "/certificates"), so a record's page still shows where it belongs.
 */
export function menuGroupsFor(principal: Principal | null, path: string): MenuGroup[] {
  const links = menuFor(principal);
  const here = path.split("?")[0]!.replace(/\/+$/, "") || "/";
  const under = (href: string) => here === href || here.startsWith(href + "/");
  const best = links.filter((l) => under(l.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (Object.keys(MENU_GROUPS) as MenuGroupId[])
    .map((id) => {
      const mine = links.filter((l) => l.group === id).map((l) => ({ href: l.href, label: l.label, current: l.href === best }));
      return { id, label: MENU_GROUPS[id], current: mine.some((l) => l.current), links: mine };
    })
    .filter((g) => g.links.length > 0);
}

const allows = (role: Role, action: Action | undefined) => !action || POLICY[action].some(([r]) => r === role);

/** What a role can do now, for its home card, in the table's order (admin first, browsing last). */
export function tasksFor(role: Role): { href: string; label: Bilingual }[] {
  return PAGES.filter((e) => e.task && allows(role, e.action) && !(e.unless && allows(role, e.unless))).map((e) => ({ href: e.href, label: e.task! }));
}
