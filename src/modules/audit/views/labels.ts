import { DOSSIER_STATE_LABELS } from "../../../domain/dossier-workflow.js";
import { IDEA_STATE_LABELS } from "../../../domain/idea-workflow.js";
import { PLAN_STATE_LABELS } from "../../../domain/plan-workflow.js";
import type { Bilingual } from "../../../lib/i18n.js";

/*
 * The audit log in words: every action code the code base writes (`stamps.print`, `idea.commune_forward`),
 * every kind of subject and the usual fields of a change, named in Vietnamese and English, in this one table.
 * test/audit/audit-labels.test.ts reads the sources for every code written and fails on one missing here.
 */

export const ACTION_LABELS: Record<string, Bilingual> = {
  // accounts and roles
  "user.create": { vi: "Tạo tài khoản", en: "Account created" },
  "user.disable": { vi: "Khóa tài khoản", en: "Account disabled" },
  "role.assign": { vi: "Giao vai trò", en: "Role granted" },
  "role.revoke": { vi: "Thu hồi vai trò", en: "Role revoked" },
  // producers and retail points
  "producer.create": { vi: "Tạo chủ thể OCOP", en: "Producer created" },
  "producer.register": { vi: "Đăng ký chủ thể OCOP", en: "Producer registered" },
  "producer.update": { vi: "Sửa thông tin chủ thể", en: "Producer updated" },
  "retail_point.create": { vi: "Tạo điểm bán", en: "Retail point created" },
  "retail.register": { vi: "Đăng ký điểm bán", en: "Retail point registered" },
  "retail.stock_add": { vi: "Điểm bán nhận bán sản phẩm", en: "Product stocked by a retail point" },
  "retail.stock_remove": { vi: "Điểm bán ngừng bán sản phẩm", en: "Product removed from a retail point" },
  // cycles, ideas, plans, products
  "cycle.create": { vi: "Lập chu trình năm", en: "Cycle created" },
  "cycle.update": { vi: "Sửa chu trình", en: "Cycle updated" },
  "idea.create": { vi: "Tạo ý tưởng sản phẩm", en: "Idea created" },
  "idea.edit": { vi: "Sửa ý tưởng sản phẩm", en: "Idea edited" },
  "idea.attach": { vi: "Đính kèm tệp vào ý tưởng", en: "File attached to an idea" },
  "idea.detach": { vi: "Gỡ tệp khỏi ý tưởng", en: "File removed from an idea" },
  "idea.submit": { vi: "Gửi ý tưởng", en: "Idea submitted" },
  "idea.resubmit": { vi: "Gửi lại ý tưởng", en: "Idea resubmitted" },
  "idea.commune_forward": { vi: "Xã tổng hợp, gửi ý tưởng lên trên", en: "Idea forwarded by the commune" },
  "idea.commune_return": { vi: "Xã trả lại ý tưởng", en: "Idea returned by the commune" },
  "idea.district_select": { vi: "Huyện lựa chọn ý tưởng", en: "Idea selected by the district" },
  "idea.district_return": { vi: "Huyện trả lại ý tưởng", en: "Idea returned by the district" },
  "idea.approve": { vi: "Tỉnh thẩm định, chấp thuận ý tưởng", en: "Idea approved" },
  "idea.reject": { vi: "Từ chối ý tưởng", en: "Idea rejected" },
  "plan.create": { vi: "Lập phương án sản xuất kinh doanh", en: "Business plan created" },
  "plan.edit": { vi: "Sửa phương án", en: "Business plan edited" },
  "plan.submit": { vi: "Gửi phương án", en: "Business plan submitted" },
  "plan.resubmit": { vi: "Gửi lại phương án", en: "Business plan resubmitted" },
  "plan.approve": { vi: "Phê duyệt phương án", en: "Business plan approved" },
  "plan.request_revision": { vi: "Yêu cầu sửa phương án", en: "Business plan revision requested" },
  "product.create": { vi: "Tạo sản phẩm, cấp mã số", en: "Product created and coded" },
  "product.update": { vi: "Sửa thông tin sản phẩm", en: "Product updated" },
  "product.assign_responsible": { vi: "Giao cán bộ phụ trách sản phẩm", en: "Responsible official assigned" },
  "product.photo_add": { vi: "Thêm ảnh sản phẩm", en: "Product photo added" },
  "product.photo_remove": { vi: "Gỡ ảnh sản phẩm", en: "Product photo removed" },
  // dossiers and evaluation
  "dossier.create": { vi: "Tạo hồ sơ đánh giá", en: "Dossier created" },
  "dossier.edit": { vi: "Sửa hồ sơ đánh giá", en: "Dossier edited" },
  "dossier.self_score": { vi: "Chủ thể tự chấm điểm", en: "Self-assessment saved" },
  "dossier.evidence": { vi: "Cập nhật minh chứng", en: "Evidence updated" },
  "dossier.review": { vi: "Xã xem xét hồ sơ", en: "Dossier reviewed by the commune" },
  "dossier.submit": { vi: "Nộp hồ sơ đánh giá", en: "Dossier filed" },
  "dossier.resubmit": { vi: "Nộp lại hồ sơ", en: "Dossier refiled" },
  "dossier.propose": { vi: "Đề xuất hồ sơ lên cấp đánh giá", en: "Dossier proposed for evaluation" },
  "dossier.return": { vi: "Trả lại hồ sơ", en: "Dossier returned" },
  "dossier.province_reevaluation": { vi: "Tỉnh đánh giá lại hồ sơ theo kết quả trung ương", en: "Dossier re-evaluated by the province after the central result" },
  "round.create": { vi: "Lập đợt đánh giá", en: "Evaluation round created" },
  "round.council": { vi: "Thành lập Hội đồng đánh giá", en: "Council set up" },
  "round.assign": { vi: "Đưa hồ sơ vào đợt đánh giá", en: "Dossier assigned to a round" },
  "round.conflict.declare": { vi: "Khai báo xung đột lợi ích", en: "Conflict of interest declared" },
  "round.conflict.waive": { vi: "Miễn xung đột lợi ích", en: "Conflict of interest waived" },
  "round.sheet.submit": { vi: "Thành viên nộp phiếu chấm", en: "Score sheet submitted" },
  "round.sheet.reopen": { vi: "Mở lại phiếu chấm", en: "Score sheet reopened" },
  "round.discussion": { vi: "Ghi ý kiến thảo luận của Hội đồng", en: "Council discussion noted" },
  "round.chair_note": { vi: "Ghi ý kiến của Chủ tịch Hội đồng", en: "Chair's note recorded" },
  "round.acting_chair": { vi: "Cử người chủ trì thay", en: "Acting chair named" },
  "round.eliminate": { vi: "Áp dụng điều kiện loại", en: "Elimination rule applied" },
  "round.elimination_withdrawn": { vi: "Bỏ điều kiện loại", en: "Elimination withdrawn" },
  "round.finalise": { vi: "Chốt kết quả đánh giá", en: "Result finalised" },
  "central.notify_province": { vi: "Trung ương báo kết quả cho tỉnh", en: "Central result sent to the province" },
  // certificates
  "certificate.decision": { vi: "Quyết định công nhận, cấp giấy chứng nhận", en: "Recognition decision, certificates issued" },
  "certificate.suspend": { vi: "Tạm dừng hiệu lực giấy chứng nhận", en: "Certificate suspended" },
  "certificate.lift_suspension": { vi: "Hết tạm dừng giấy chứng nhận", en: "Suspension lifted" },
  "certificate.revoke": { vi: "Thu hồi giấy chứng nhận", en: "Certificate revoked" },
  "certificate.commune_confirmation": { vi: "Xã xác nhận ngừng sản xuất", en: "Commune confirmed production stopped" },
  "inspection.open": { vi: "Mở đợt kiểm tra sau công nhận", en: "Inspection opened" },
  "inspection.file": { vi: "Thêm tệp của đợt kiểm tra", en: "Inspection file added" },
  "inspection.conclude": { vi: "Kết luận đợt kiểm tra", en: "Inspection concluded" },
  // stamps and reports
  "stamps.request": { vi: "Đề nghị cấp tem", en: "Stamps requested" },
  "stamps.issue": { vi: "Phát hành lô tem", en: "Stamp batch issued" },
  "stamps.reject": { vi: "Từ chối đề nghị cấp tem", en: "Stamp request rejected" },
  "stamps.print": { vi: "In tem", en: "Stamps printed" },
  "stamps.activate": { vi: "Kích hoạt tem theo lô sản xuất", en: "Stamps activated on a lot" },
  "stamps.void": { vi: "Hủy tem", en: "Stamps voided" },
  "fake_report.file": { vi: "Người tiêu dùng báo tem nghi giả", en: "Suspected fake reported" },
  "fake_report.update": { vi: "Xử lý báo cáo tem nghi giả", en: "Fake report handled" },
  // watches
  "watch.subscribe": { vi: "Đăng ký theo dõi giấy chứng nhận", en: "Watch subscribed" },
  "watch.add_certificates": { vi: "Thêm giấy chứng nhận vào theo dõi", en: "Certificates added to a watch" },
  "watch.disable": { vi: "Ngừng theo dõi", en: "Watch disabled" },
};

export const SUBJECT_LABELS: Record<string, Bilingual> = {
  user: { vi: "Tài khoản", en: "Account" },
  producer: { vi: "Chủ thể OCOP", en: "Producer" },
  retail_point: { vi: "Điểm bán", en: "Retail point" },
  cycle: { vi: "Chu trình", en: "Cycle" },
  idea: { vi: "Ý tưởng sản phẩm", en: "Product idea" },
  plan: { vi: "Phương án SXKD", en: "Business plan" },
  product: { vi: "Sản phẩm", en: "Product" },
  dossier: { vi: "Hồ sơ đánh giá", en: "Dossier" },
  evaluation_round: { vi: "Đợt đánh giá", en: "Evaluation round" },
  round_dossier: { vi: "Hồ sơ trong đợt đánh giá", en: "Dossier in a round" },
  score_sheet: { vi: "Phiếu chấm", en: "Score sheet" },
  recognition_decision: { vi: "Quyết định công nhận", en: "Recognition decision" },
  certificate: { vi: "Giấy chứng nhận", en: "Certificate" },
  inspection: { vi: "Đợt kiểm tra", en: "Inspection" },
  stamp_batch: { vi: "Lô tem", en: "Stamp batch" },
  fake_report: { vi: "Báo cáo tem nghi giả", en: "Fake report" },
  watch_subscription: { vi: "Đăng ký theo dõi", en: "Watch" },
};

/** The usual fields of a change; a field not named here is shown as it is stored. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  state: { vi: "Trạng thái", en: "State" },
  attempt: { vi: "Lần gửi", en: "Attempt" },
  name: { vi: "Tên", en: "Name" },
  displayName: { vi: "Họ tên", en: "Name" },
  username: { vi: "Tên đăng nhập", en: "Username" },
  email: { vi: "Thư điện tử", en: "Email" },
  phone: { vi: "Điện thoại", en: "Phone" },
  address: { vi: "Địa chỉ", en: "Address" },
  role: { vi: "Vai trò", en: "Role" },
  actorRole: { vi: "Vai trò", en: "Role" },
  form: { vi: "Nội dung đăng ký", en: "Form" },
  unitId: { vi: "Đơn vị (mã nội bộ)", en: "Unit (internal no.)" },
  unitName: { vi: "Đơn vị", en: "Unit" },
  communeId: { vi: "Xã (mã nội bộ)", en: "Commune (internal no.)" },
  reason: { vi: "Lý do", en: "Reason" },
  note: { vi: "Ghi chú", en: "Note" },
  quantity: { vi: "Số lượng", en: "Quantity" },
  kind: { vi: "Loại", en: "Kind" },
  code: { vi: "Mã số", en: "Code" },
  year: { vi: "Năm", en: "Year" },
  stars: { vi: "Hạng sao", en: "Stars" },
  score: { vi: "Điểm", en: "Score" },
  total: { vi: "Tổng điểm", en: "Total" },
  number: { vi: "Số quyết định", en: "Decision number" },
  decisionNumber: { vi: "Số quyết định", en: "Decision number" },
  decidedOn: { vi: "Ngày quyết định", en: "Decided on" },
  authorityName: { vi: "Cơ quan ban hành", en: "Issuing authority" },
  signerName: { vi: "Người ký", en: "Signed by" },
  signerTitle: { vi: "Chức vụ người ký", en: "Signer's title" },
  ground: { vi: "Căn cứ", en: "Ground" },
  effectiveOn: { vi: "Ngày có hiệu lực", en: "Effective on" },
  from: { vi: "Từ ngày", en: "From" },
  through: { vi: "Đến hết ngày", en: "Through" },
  on: { vi: "Ngày", en: "On" },
  certificateIds: { vi: "Giấy chứng nhận", en: "Certificates" },
  lotNumber: { vi: "Số lô", en: "Lot number" },
  producedOn: { vi: "Ngày sản xuất", en: "Produced on" },
  expiresOn: { vi: "Hạn dùng", en: "Expires on" },
  fromSeq: { vi: "Từ tem số", en: "From stamp" },
  toSeq: { vi: "Đến tem số", en: "To stamp" },
  conclusion: { vi: "Kết luận", en: "Conclusion" },
  team: { vi: "Thành viên đoàn", en: "Team" },
  startedOn: { vi: "Ngày bắt đầu", en: "Started on" },
  caption: { vi: "Chú thích ảnh", en: "Caption" },
  revokedAt: { vi: "Thu hồi lúc", en: "Revoked at" },
  disabledAt: { vi: "Khóa lúc", en: "Disabled at" },
};

const humanise = (code: string): Bilingual => ({ vi: code, en: code });
export const actionLabel = (code: string): Bilingual => ACTION_LABELS[code] ?? humanise(code);
export const subjectLabel = (type: string): Bilingual => SUBJECT_LABELS[type] ?? humanise(type);
export const fieldLabel = (key: string): Bilingual | undefined => FIELD_LABELS[key];

const STATE_LABELS: Record<string, Record<string, Bilingual>> = { idea: IDEA_STATE_LABELS, plan: PLAN_STATE_LABELS, dossier: DOSSIER_STATE_LABELS };
/** A workflow state in words, for the records whose workflow names its states. */
export const stateLabel = (subjectType: string, value: unknown): Bilingual | undefined => (typeof value === "string" ? STATE_LABELS[subjectType]?.[value] : undefined);
