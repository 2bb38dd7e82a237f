/**
 * The roles an account can hold, each always within a scope (an administrative unit, a producer, a retail
 * point or an agency). The list is a rule of the programme, so it lives in the domain; the accounts table stores it.
 *
 * `ministry_office` is the Ministry of Agriculture and Environment's OCOP office (cơ quan tham mưu quản lý OCOP
 * của Bộ, Art. 7.4a), held in the country unit (`COUNTRY_LEVEL`); the central council's members hold
 * `council_member` there. The country unit is not the provinces' parent: the Ministry's reach is the dossiers
 * provinces send it (Art. 7.4a), not every province's work.
 *
 * `agency_staff` is held for one agency the provincial office lists (a department, the provincial paper, a bank:
 * bodies that are not administrative units): it reports on the tasks assigned to that agency, nothing more.
 */
export const ROLES = [
  "system_admin",
  "ministry_office",
  "province_office",
  "district_office",
  "commune_officer",
  "council_member",
  "inspector",
  "producer_member",
  "retail_operator",
  "agency_staff",
] as const;
export type Role = (typeof ROLES)[number];

/** The seats of an evaluation council (Art. 7.3 of Decision 26/2026: a chair, members and a secretary). */
export const COUNCIL_ROLES = ["chair", "member", "secretary"] as const;
export type CouncilRole = (typeof COUNCIL_ROLES)[number];

/**
 * The level of the one unit that stands for the whole country: where the Ministry's office and the central
 * council hold their roles and where central rounds sit. It is outside the local-government tree.
 */
export const COUNTRY_LEVEL = "country" as const;
