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
  agency_staff: { vi: "Cán bộ sở, ban, ngành, đơn vị được giao nhiệm vụ", en: "Staff of an agency assigned tasks" },
};
