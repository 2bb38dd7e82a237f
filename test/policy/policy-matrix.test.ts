import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, agencyScopes, authorize, can, type Resource, unitContains, unitScopes } from "../../src/auth/policy.js";
import type { Grant } from "../../src/domain/principal.js";
import { AppError } from "../../src/lib/problem.js";
import { ROLES, type Role } from "../../src/domain/roles.js";
import { principalWith } from "../support/fixtures.js";

/*
 * The authorization matrix, written out by hand: every role × where the resource lies × every action.
 * Expectations are spelled here, never derived from POLICY, so a change to POLICY must change this table.
 *
 * Unit tree (ids in paths):  province 1 ─ district 1.2 ─ commune 1.2.4   (own)
 *                                      └ district 1.3 ─ commune 1.3.6   (sibling: same province, other district)
 *                            province 9 ─ district 9.10 ─ commune 9.10.11 (other province)
 * The country unit 50 stands apart (no province is its child): ministry_office holds its role there, so every
 * unit-scoped right it has reaches no province's work (central rounds and decisions sit in unit 50 itself).
 * Each role is held where it naturally lives: system_admin and province_office in province 1; district_office,
 * council_member and inspector in district 1.2; commune_officer in commune 1.2.4; producer_member for producer
 * 100 and retail_operator for retail point 500, both located in commune 1.2.4; agency_staff for agency 800 (an
 * agency is no unit: the resource's agency decides, 801 and 802 being other agencies).
 */
const GRANTS: Record<Role, Grant> = {
  system_admin: { role: "system_admin", unitId: 1, unitPath: "1" },
  ministry_office: { role: "ministry_office", unitId: 50, unitPath: "50" },
  province_office: { role: "province_office", unitId: 1, unitPath: "1" },
  district_office: { role: "district_office", unitId: 2, unitPath: "1.2" },
  commune_officer: { role: "commune_officer", unitId: 4, unitPath: "1.2.4" },
  council_member: { role: "council_member", unitId: 2, unitPath: "1.2" },
  inspector: { role: "inspector", unitId: 2, unitPath: "1.2" },
  producer_member: { role: "producer_member", producerId: 100 },
  retail_operator: { role: "retail_operator", retailPointId: 500 },
  agency_staff: { role: "agency_staff", agencyId: 800 },
};

/** The three places a resource can lie, with its own producer and retail point there. */
const WHERE: Record<"own" | "sibling" | "other", Resource> = {
  own: { unitPath: "1.2.4", producerId: 100, retailPointId: 500, agencyId: 800 },
  sibling: { unitPath: "1.3.6", producerId: 200, retailPointId: 600, agencyId: 801 },
  other: { unitPath: "9.10.11", producerId: 300, retailPointId: 700, agencyId: 802 },
};
const COLUMNS = ["own", "sibling", "other"] as const;

// Each cell: allowed (Y) or denied (N) for a resource in [own, sibling, other].
const EXPECTED: Record<Role, Record<Action, string>> = {
  //                    users.read        users.manage        audit.verify        audit.read        producers.read        producers.manage        producers.register        producers.members.manage        retail.read        retail.manage
  system_admin: {     "users.read": "YYY", "users.manage": "YYY", "audit.verify": "YYY", "audit.read": "YYY", "producers.read": "YYN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "YYN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "YYN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "YYN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "YYN", "products.read": "YYN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "YYN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "YYY", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "YYN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "YYN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "YYN", "monthly_reports.overview": "YYN", "monthly_reports.return": "NNN", "dashboard.read": "YYN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  province_office: {  "users.read": "YYY", "users.manage": "NNN", "audit.verify": "YYY", "audit.read": "YYY", "producers.read": "YYN", "producers.manage": "YYN", "producers.register": "YYN", "producers.members.manage": "YYN", "retail.read": "YYN", "retail.manage": "YYN", "cycles.manage": "YYN", "ideas.read": "YYN", "ideas.author": "NNN", "ideas.act": "YYN", "plans.read": "YYN", "plans.author": "NNN", "plans.act": "YYN", "plans.report": "YYN", "products.read": "YYN", "products.manage": "YYN", "products.assign": "YYN", "products.links.propose": "NNN", "products.links.decide": "YYN", "dossiers.read": "YYN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "YYN", "rounds.score": "NNN", "certificates.decide": "YYN", "certificates.revoke": "YYN", "certificates.notices": "YYN", "inspections.manage": "YYN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "YYY", "stamps.request": "NNN", "stamps.issue": "YYN", "stamps.manage": "YYN", "stamps.read": "YYN", "stamps.sell": "NNN", "reports.manage": "YYN", "programme.read": "YYN", "programme.manage": "YYN", "agencies.manage": "YYN", "tasks.manage": "YYN", "tasks.report": "NNN", "tasks.read": "YYN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "YYN", "monthly_reports.read": "YYN", "monthly_reports.overview": "YYN", "monthly_reports.return": "YYN", "dashboard.read": "YYN", "certificates.documents": "YYN", "appeals.file": "NNN", "appeals.decide": "YYN", "complaints.manage": "YYN" },
  district_office: {  "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "YNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "YNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "YNN", "ideas.author": "NNN", "ideas.act": "YNN", "plans.read": "YNN", "plans.author": "NNN", "plans.act": "YNN", "plans.report": "YNN", "products.read": "YNN", "products.manage": "NNN", "products.assign": "YNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "YNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "YNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "YNN", "tasks.read": "YNN", "monthly_reports.file": "YNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "YNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "YNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  commune_officer: {  "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "YNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "YNN", "ideas.author": "NNN", "ideas.act": "YNN", "plans.read": "YNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "YNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "YNN", "dossiers.author": "NNN", "dossiers.review": "YNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "YNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "YNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "YNN", "tasks.read": "YNN", "monthly_reports.file": "YNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "YNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "YNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  council_member: {   "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "NNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "NNN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "NNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "NNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "NNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "YNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "NNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  inspector: {        "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "YYY", "producers.read": "YNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "YNN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "YNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "YNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "YNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "YNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "NNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "YNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  producer_member: {  "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "YNN", "producers.manage": "YNN", "producers.register": "NNN", "producers.members.manage": "YNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "YNN", "ideas.author": "YNN", "ideas.act": "YNN", "plans.read": "YNN", "plans.author": "YNN", "plans.act": "YNN", "plans.report": "NNN", "products.read": "YNN", "products.manage": "YNN", "products.assign": "NNN", "products.links.propose": "YNN", "products.links.decide": "NNN", "dossiers.read": "YNN", "dossiers.author": "YNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "YNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "YYY", "stamps.request": "YNN", "stamps.issue": "NNN", "stamps.manage": "YNN", "stamps.read": "YNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "YNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "YNN", "appeals.file": "YNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  retail_operator: {  "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "NNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "YNN", "retail.manage": "YNN", "cycles.manage": "NNN", "ideas.read": "NNN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "NNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "NNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "NNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "YYY", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "YNN", "reports.manage": "NNN", "programme.read": "NNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  ministry_office: {  "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "NNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "NNN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "NNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "NNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "NNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "stamps.sell": "NNN", "reports.manage": "NNN", "programme.read": "NNN", "programme.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "NNN", "tasks.read": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
  agency_staff: {     "users.read": "NNN", "users.manage": "NNN", "audit.verify": "NNN", "audit.read": "NNN", "producers.read": "NNN", "producers.manage": "NNN", "producers.register": "NNN", "producers.members.manage": "NNN", "retail.read": "NNN", "retail.manage": "NNN", "cycles.manage": "NNN", "ideas.read": "NNN", "ideas.author": "NNN", "ideas.act": "NNN", "plans.read": "NNN", "plans.author": "NNN", "plans.act": "NNN", "plans.report": "NNN", "products.read": "NNN", "products.manage": "NNN", "products.assign": "NNN", "products.links.propose": "NNN", "products.links.decide": "NNN", "dossiers.read": "NNN", "dossiers.author": "NNN", "dossiers.review": "NNN", "rounds.manage": "NNN", "rounds.score": "NNN", "certificates.decide": "NNN", "certificates.revoke": "NNN", "certificates.notices": "NNN", "inspections.manage": "NNN", "certificates.confirm_stopped": "NNN", "watch.subscribe": "NNN", "stamps.request": "NNN", "stamps.issue": "NNN", "stamps.manage": "NNN", "stamps.read": "NNN", "reports.manage": "NNN", "agencies.manage": "NNN", "tasks.manage": "NNN", "tasks.report": "YNN", "tasks.read": "YNN", "stamps.sell": "NNN", "programme.read": "NNN", "programme.manage": "NNN", "monthly_reports.file": "NNN", "monthly_reports.stand_in": "NNN", "monthly_reports.read": "NNN", "monthly_reports.overview": "NNN", "monthly_reports.return": "NNN", "dashboard.read": "NNN", "certificates.documents": "NNN", "appeals.file": "NNN", "appeals.decide": "NNN", "complaints.manage": "NNN" },
};

describe("policy matrix", () => {
  it("covers every role and every action of POLICY, and nothing else", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      expect(Object.keys(EXPECTED[role]).sort(), `actions listed for ${role}`).toEqual([...ACTIONS].sort());
      for (const cell of Object.values(EXPECTED[role])) expect(cell).toMatch(/^[YN]{3}$/);
    }
  });

  const cases = ROLES.flatMap((role) =>
    ACTIONS.flatMap((action) =>
      COLUMNS.map((where, i) => ({ role, action, where, allowed: EXPECTED[role]?.[action]?.[i] === "Y" })),
    ),
  );

  it.each(cases)("$role on $action in $where unit → allowed=$allowed", ({ role, action, where, allowed }) => {
    const principal = principalWith(GRANTS[role]);
    expect(can(principal, action, WHERE[where])).toBe(allowed);
    if (allowed) expect(authorize(principal, action, WHERE[where])).toBe(principal);
    else expect(() => authorize(principal, action, WHERE[where])).toThrow(expect.objectContaining({ status: 403, code: "forbidden" }));
  });
});

describe("policy edges", () => {
  it("denies everything to anonymous visitors, with 401 from authorize", () => {
    for (const action of ACTIONS) {
      expect(can(null, action, WHERE.own)).toBe(false);
      let thrown: unknown;
      try {
        authorize(null, action, WHERE.own);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).status).toBe(401);
      expect((thrown as AppError).title).toEqual({ vi: "Cần đăng nhập", en: "Sign-in required" });
    }
  });

  it("denies a principal without grants", () => {
    for (const action of ACTIONS) expect(can(principalWith(), action, WHERE.own)).toBe(false);
  });

  it("treats a unit path as a tree prefix, not a string prefix", () => {
    expect(unitContains("1.2", "1.2")).toBe(true);
    expect(unitContains("1.2", "1.2.4")).toBe(true);
    expect(unitContains("1.2", "1.20")).toBe(false);
    expect(unitContains("1.2", "1.20.4")).toBe(false);
    expect(unitContains("1.2.4", "1.2")).toBe(false);
    const district = principalWith(GRANTS.district_office);
    expect(can(district, "producers.read", { unitPath: "1.20.5" })).toBe(false);
  });

  it("needs the resource's unit for unit-scoped rules and the exact producer or retail point for theirs", () => {
    expect(can(principalWith(GRANTS.province_office), "producers.read")).toBe(false);
    expect(can(principalWith(GRANTS.province_office), "producers.read", { producerId: 100 })).toBe(false);
    expect(can(principalWith(GRANTS.producer_member), "producers.read", { unitPath: "1.2.4" })).toBe(false);
    expect(can(principalWith(GRANTS.retail_operator), "retail.read", { unitPath: "1.2.4", retailPointId: 501 })).toBe(false);
    // A role held somewhere is enough for "held" rules even without a resource.
    expect(can(principalWith(GRANTS.inspector), "audit.read")).toBe(true);
  });

  it("gives the Ministry's office the central level's actions in the country unit only", () => {
    const ministry = principalWith(GRANTS.ministry_office);
    const central = { unitPath: "50" };
    const allowed = ACTIONS.filter((a) => can(ministry, a, central)).sort();
    expect(allowed).toEqual(["appeals.decide", "certificates.decide", "certificates.revoke", "rounds.manage"]);
    // A province office is not the Ministry: its unit-scoped rights stop at its province.
    expect(can(principalWith(GRANTS.province_office), "rounds.manage", central)).toBe(false);
    expect(can(principalWith(GRANTS.province_office), "certificates.decide", central)).toBe(false);
  });

  it("unions the grants of a principal holding several roles", () => {
    const p = principalWith(GRANTS.commune_officer, { role: "district_office", unitId: 3, unitPath: "1.3" });
    expect(can(p, "producers.read", WHERE.own)).toBe(true);
    expect(can(p, "producers.read", WHERE.sibling)).toBe(true);
    expect(can(p, "producers.read", WHERE.other)).toBe(false);
    expect(can(p, "retail.read", WHERE.own)).toBe(false);
    expect(can(p, "retail.read", WHERE.sibling)).toBe(true);
  });

  it("scopes an agency's staff to its agency alone, and an agency's task to the agency's province for the units", () => {
    const staff = principalWith(GRANTS.agency_staff);
    // A task of agency 800 lies in its province (1): the office reads it, a commune or district officer does not.
    const agencyTask = { unitPath: "1", agencyId: 800 };
    expect(can(staff, "tasks.report", agencyTask)).toBe(true);
    expect(can(staff, "tasks.report", { unitPath: "1", agencyId: 801 })).toBe(false);
    expect(can(staff, "tasks.read", { unitPath: "1" })).toBe(false);
    expect(can(staff, "tasks.manage", agencyTask)).toBe(false);
    expect(can(principalWith(GRANTS.province_office), "tasks.read", agencyTask)).toBe(true);
    expect(can(principalWith(GRANTS.province_office), "tasks.report", agencyTask)).toBe(false);
    expect(can(principalWith(GRANTS.commune_officer), "tasks.read", agencyTask)).toBe(false);
    expect(can(principalWith(GRANTS.district_office), "tasks.report", agencyTask)).toBe(false);
    expect(agencyScopes(staff, "tasks.read")).toEqual([800]);
    expect(agencyScopes(principalWith(GRANTS.province_office), "tasks.read")).toEqual([]);
    expect(unitScopes(staff, "tasks.read")).toEqual([]);
  });

  it("lists the unit scopes a principal may filter by for an action", () => {
    const p = principalWith(GRANTS.district_office, GRANTS.inspector, GRANTS.producer_member);
    expect(unitScopes(p, "producers.read").sort()).toEqual(["1.2", "1.2"]);
    expect(unitScopes(p, "retail.read")).toEqual(["1.2"]);
    expect(unitScopes(p, "producers.manage")).toEqual([]);
    expect(unitScopes(null, "producers.read")).toEqual([]);
  });
});
