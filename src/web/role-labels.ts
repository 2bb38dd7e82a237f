import type { Role } from "../domain/roles.js";
import type { Bilingual } from "../lib/i18n.js";

/** The one naming of roles for every page: official Vietnamese titles, English for visitors and logs. */
export const ROLE_LABELS: Record<Role, Bilingual> = {
  system_admin: { vi: "Quản trị hệ thống", en: "System administrator" },
  ministry_office: { vi: "Cơ quan tham mưu quản lý OCOP của Bộ Nông nghiệp và Môi trường", en: "OCOP office of the Ministry of Agriculture and Environment" },
  province_office: { vi: "Văn phòng Điều phối nông thôn mới tỉnh", en: "Provincial New Rural Development Coordination Office" },
  district_office: { vi: "UBND / Phòng chuyên môn cấp huyện", en: "District People's Committee / OCOP office" },
  commune_officer: { vi: "Cán bộ UBND cấp xã", en: "Commune People's Committee officer" },
  council_member: { vi: "Thành viên Hội đồng đánh giá và phân hạng sản phẩm", en: "Rating council member" },
  inspector: { vi: "Thành viên Đoàn kiểm tra liên ngành", en: "Interdisciplinary inspection team member" },
  producer_member: { vi: "Chủ thể OCOP (HTX, THT, doanh nghiệp, hộ kinh doanh)", en: "OCOP producer (cooperative, group, enterprise, household business)" },
  retail_operator: { vi: "Điểm giới thiệu và bán sản phẩm OCOP", en: "OCOP point of sale" },
};

/** What each role will do once the later stages of the cycle are built; shown as plain text, never as links. */
export const ROLE_LATER: Record<Role, Bilingual> = {
  system_admin: {
    vi: "Cấu hình bộ tiêu chí theo từng kỳ đánh giá và cấp đánh giá của tỉnh.",
    en: "Configure the rubric of each round and which levels evaluate.",
  },
  ministry_office: {
    vi: "Tiếp nhận hồ sơ các tỉnh đề nghị đánh giá 5 sao, tổ chức Hội đồng cấp trung ương và ghi quyết định công nhận 5 sao.",
    en: "Receive the dossiers provinces propose for 5 stars, convene the central council and record the 5-star decisions.",
  },
  province_office: {
    vi: "Tổ chức Hội đồng đánh giá cấp tỉnh, công nhận hạng sao, cấp tem QR, kiểm tra và báo cáo hằng tháng.",
    en: "Convene the provincial rating council, certify stars, issue QR stamps, run inspections and monthly reports.",
  },
  district_office: {
    vi: "Tổ chức Hội đồng đánh giá cấp huyện.",
    en: "Convene the district rating council.",
  },
  commune_officer: {
    vi: "Rà soát hồ sơ đánh giá sản phẩm (Mẫu 03) và đề xuất lên cấp trên.",
    en: "Review product dossiers (form 03) and propose them to the next level.",
  },
  council_member: {
    vi: "Đánh giá lại và nâng hạng sản phẩm đã được công nhận.",
    en: "Re-evaluate and upgrade certified products.",
  },
  inspector: {
    vi: "Kiểm tra lại sản phẩm đã được công nhận và đề xuất giữ, hạ hạng hoặc thu hồi.",
    en: "Re-check certified products and propose keeping, downgrading or revoking.",
  },
  producer_member: {
    vi: "Nộp hồ sơ đánh giá sản phẩm, xem điểm và góp ý, đặt tem và xem nơi tem được quét.",
    en: "Submit evaluation dossiers, see scores and feedback, order stamps and see where they are scanned.",
  },
  retail_operator: {
    vi: "Kiểm tra chứng nhận OCOP của sản phẩm đang bày bán.",
    en: "Check the OCOP certification of the products on sale.",
  },
};
