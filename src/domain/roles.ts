/**
 * The roles an account can hold, each always within a scope (an administrative unit, a producer or a retail
 * point). The list is a rule of the programme, so it lives in the domain; the accounts table stores it.
 */
export const ROLES = [
  "system_admin",
  "province_office",
  "district_office",
  "commune_officer",
  "council_member",
  "inspector",
  "producer_member",
  "retail_operator",
] as const;
export type Role = (typeof ROLES)[number];

/** The seats of an evaluation council (Art. 7.3 of Decision 26/2026: a chair, members and a secretary). */
export const COUNCIL_ROLES = ["chair", "member", "secretary"] as const;
export type CouncilRole = (typeof COUNCIL_ROLES)[number];
