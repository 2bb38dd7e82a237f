import type { Role } from "../domain/roles.js";
import { IDEA_TRANSITIONS } from "../domain/idea-workflow.js";
import { PLAN_TRANSITIONS } from "../domain/plan-workflow.js";
import { forbidden, unauthenticated } from "../lib/problem.js";
import type { Grant, Principal } from "../domain/principal.js";

/**
 * The one answer to "may this user do this action on this resource". A rule names a role and how the role's
 * scope must relate to the resource:
 *  - "unit":     the resource lies in the unit the role is held in, or below it;
 *  - "producer": the resource belongs to the producer the role is held for;
 *  - "retail":   the resource belongs to the retail point the role is held for;
 *  - "agency":   the resource belongs to the agency (sở, ngành, báo, đài…) the role is held for;
 *  - "held":     holding the role anywhere is enough (actions on no particular resource).
 */
type Scope = "unit" | "producer" | "retail" | "agency" | "held";
type Rule = readonly [Role, Scope];

/**
 * Who takes a step of a workflow is written once, in the workflow's transition table (src/domain); the policy
 * only adds where: officials within their unit, producers' members for their own producer. The table still
 * decides which role takes which transition in which state.
 */
function workflowActors(table: readonly { roles: readonly Role[] }[]): readonly Rule[] {
  const roles = [...new Set(table.flatMap((t) => t.roles))];
  return roles.map((r): Rule => [r, r === "producer_member" ? "producer" : "unit"]);
}

/** Officials who follow a producer's cycle records in their unit, and the producer itself. */
const CYCLE_READERS = [
  ["system_admin", "unit"],
  ["province_office", "unit"],
  ["district_office", "unit"],
  ["commune_officer", "unit"],
  ["inspector", "unit"],
  ["producer_member", "producer"],
] as const satisfies readonly Rule[];

export const POLICY = {
  // Accounts and roles
  "users.read": [["system_admin", "held"], ["province_office", "held"]],
  "users.manage": [["system_admin", "held"]],
  // Audit chain
  "audit.verify": [["system_admin", "held"], ["province_office", "held"]],
  "audit.read": [["system_admin", "held"], ["province_office", "held"], ["inspector", "held"]],
  // Producers (chủ thể) and their records
  "producers.read": [
    ["system_admin", "unit"],
    ["province_office", "unit"],
    ["district_office", "unit"],
    ["commune_officer", "unit"],
    ["inspector", "unit"],
    ["producer_member", "producer"],
  ],
  "producers.manage": [["province_office", "unit"], ["producer_member", "producer"]],
  // Registering a producer on its behalf (anyone signed in may register their own; see producers/service.ts).
  "producers.register": [["province_office", "unit"]],
  // Creating accounts for a producer's members.
  "producers.members.manage": [["province_office", "unit"], ["producer_member", "producer"]],
  // Retail points (điểm bán OCOP)
  "retail.read": [["system_admin", "unit"], ["province_office", "unit"], ["district_office", "unit"], ["retail_operator", "retail"]],
  "retail.manage": [["province_office", "unit"], ["retail_operator", "retail"]],
  // The annual cycle: years, chains and deadlines are set by the provincial office for its province.
  "cycles.manage": [["province_office", "unit"]],
  // Product ideas (ý tưởng sản phẩm): read, write the registration form, and take workflow steps.
  "ideas.read": CYCLE_READERS,
  "ideas.author": [["producer_member", "producer"]],
  "ideas.act": workflowActors(IDEA_TRANSITIONS),
  // Business plans (phương án sản xuất kinh doanh)
  "plans.read": CYCLE_READERS,
  "plans.author": [["producer_member", "producer"]],
  "plans.act": workflowActors(PLAN_TRANSITIONS),
  // Budget totals of approved plans, per district/commune and for the province.
  "plans.report": [["system_admin", "unit"], ["province_office", "unit"], ["district_office", "unit"]],
  // Products: photos and description by the producer or the office; naming the responsible official.
  "products.read": CYCLE_READERS,
  "products.manage": [["province_office", "unit"], ["producer_member", "producer"]],
  "products.assign": [["province_office", "unit"], ["district_office", "unit"]],
  // Where to buy: the producer proposes its own shop links (website, marketplace pages), the provincial office
  // approves them before consumers see them on the public pages.
  "products.links.propose": [["producer_member", "producer"]],
  "products.links.decide": [["province_office", "unit"]],
  // Product dossiers for evaluation (Mẫu 01–03): read, write (the producer), review and propose (the commune).
  "dossiers.read": CYCLE_READERS,
  "dossiers.author": [["producer_member", "producer"]],
  "dossiers.review": [["commune_officer", "unit"]],
  // Evaluation rounds: the provincial office opens rounds, forms councils and assigns dossiers in its province;
  // the Ministry's office does the same for central rounds, which sit in the country unit (Art. 7.4a–b).
  "rounds.manage": [["province_office", "unit"], ["ministry_office", "unit"]],
  // Scoring needs the role within the round's unit AND a seat on the round's council (checked by the service).
  "rounds.score": [["council_member", "unit"]],
  // Certificates: the provincial office records the province's recognition decisions (3★/4★), the Ministry's
  // office the Ministry's (5★, Art. 7.4e), each held in its own unit (the province, the country unit); the
  // authority that recognised a certificate suspends and revokes it (Art. 8.2). Inspectors and the office run
  // post-checks. Reading a certificate needs nothing: it is public.
  "certificates.decide": [["province_office", "unit"], ["ministry_office", "unit"]],
  "certificates.revoke": [["province_office", "unit"], ["ministry_office", "unit"]],
  "certificates.notices": [["province_office", "unit"], ["producer_member", "producer"]],
  "inspections.manage": [["province_office", "unit"], ["inspector", "unit"]],
  // A certified product's time-limited documents and their expiry (QĐ 26/2026 Art. 6.1c): the office and
  // inspectors where it lies, who act on an expired one, and the producer, who must renew it.
  "certificates.documents": [["province_office", "unit"], ["inspector", "unit"], ["producer_member", "producer"]],
  // The commune's confirmation that a producer in it stopped producing a certified product (Art. 8.4; ground đ).
  "certificates.confirm_stopped": [["commune_officer", "unit"]],
  // Watching certificates by webhook: retail operators, the office, producers (their own buyers' tools).
  "watch.subscribe": [["retail_operator", "held"], ["province_office", "held"], ["producer_member", "held"], ["system_admin", "held"]],
  // QR stamps: the producer requests batches, the provincial office issues them (only for a valid certificate);
  // the producer (or the office) activates them on a production lot and voids lost rolls; both read the scans.
  "stamps.request": [["producer_member", "producer"]],
  "stamps.issue": [["province_office", "unit"]],
  "stamps.manage": [["province_office", "unit"], ["producer_member", "producer"]],
  "stamps.read": [["province_office", "unit"], ["producer_member", "producer"]],
  // A point of sale marks a stamp sold at its till (optional), so a later scan says where and when.
  "stamps.sell": [["retail_operator", "retail"]],
  // Reports of suspected fakes, handled by the provincial office.
  "reports.manage": [["province_office", "unit"]],
  // Running the programme (issue 17): officials follow the year's plan, its progress and the training and trade
  // events in their units (a commune officer its communes' figures), a producer reads its own training record;
  // the provincial office enters plans and targets and records events and who took part.
  "programme.read": [
    ["system_admin", "unit"],
    ["province_office", "unit"],
    ["district_office", "unit"],
    ["commune_officer", "unit"],
    ["producer_member", "producer"],
  ],
  "programme.manage": [["province_office", "unit"]],
  // Tasks a plan or a steering-committee conclusion assigns (issue 17). The office keeps the list of agencies and
  // assigns, edits and cancels tasks in its province; the assignee (an agency's staff, or the officials of the
  // unit assigned) reports progress and completion; both sides read them. A task lies in its assignee's unit, or
  // in the province of the agency it is assigned to (src/modules/tasks/queries.ts, resourceOf).
  "agencies.manage": [["province_office", "unit"]],
  "tasks.manage": [["province_office", "unit"]],
  "tasks.report": [["agency_staff", "agency"], ["district_office", "unit"], ["commune_officer", "unit"]],
  "tasks.read": [["system_admin", "unit"], ["province_office", "unit"], ["district_office", "unit"], ["commune_officer", "unit"], ["agency_staff", "agency"]],
  // Monthly reports (src/domain/monthly-report.ts): the reporting unit's officials write and file their own; the
  // province stands in for a district the reform abolished; the office follows who filed and rolls them up.
  "monthly_reports.file": [["commune_officer", "unit"], ["district_office", "unit"]],
  "monthly_reports.stand_in": [["province_office", "unit"]],
  "monthly_reports.read": [["province_office", "unit"], ["district_office", "unit"], ["commune_officer", "unit"], ["system_admin", "unit"]],
  "monthly_reports.overview": [["province_office", "unit"], ["system_admin", "unit"]],
  "monthly_reports.return": [["province_office", "unit"]],
  // The province's dashboard: the office for the province, a district's or a commune's officials for their unit.
  "dashboard.read": [["system_admin", "unit"], ["province_office", "unit"], ["district_office", "unit"], ["commune_officer", "unit"]],
  // Appeals of a council result: the producer appeals its own; the office that ran the round decides (the
  // province's for its rounds, the Ministry's for central ones).
  "appeals.file": [["producer_member", "producer"]],
  "appeals.decide": [["province_office", "unit"], ["ministry_office", "unit"]],
  // Consumers' and shops' complaints about a certified product (filed without signing in): the provincial office
  // triages them into an inspection (Art. 9) or closes them with a reason.
  "complaints.manage": [["province_office", "unit"]],
} as const satisfies Record<string, readonly Rule[]>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** What a policy check needs to know about the thing acted on. */
export type Resource = {
  /** Dotted id path of the unit the resource lies in ("1.5.88"). */
  unitPath?: string;
  /**
   * Where the resource's unit has ended (the 2025 reform), the paths of the unit(s) that handle its work now
   * (src/domain/successor.ts): a grant there covers the resource as a grant in its old unit would.
   */
  successorPaths?: readonly string[];
  producerId?: number;
  retailPointId?: number;
  agencyId?: number;
};

export function unitContains(scopePath: string, resourcePath: string): boolean {
  return resourcePath === scopePath || resourcePath.startsWith(scopePath + ".");
}

function grantAllows(g: Grant, scope: Scope, r: Resource | undefined): boolean {
  switch (scope) {
    case "held":
      return true;
    case "unit":
      return !!(g.unitPath && r && [r.unitPath, ...(r.successorPaths ?? [])].some((p) => p && unitContains(g.unitPath!, p)));
    case "producer":
      return r?.producerId !== undefined && g.producerId === r.producerId;
    case "retail":
      return r?.retailPointId !== undefined && g.retailPointId === r.retailPointId;
    case "agency":
      return r?.agencyId !== undefined && g.agencyId === r.agencyId;
  }
}

export function can(principal: Principal | null, action: Action, resource?: Resource): boolean {
  if (!principal) return false;
  const rules: readonly Rule[] = POLICY[action];
  return rules.some(([role, scope]) => principal.grants.some((g) => g.role === role && grantAllows(g, scope, resource)));
}

/** Throws 401 when nobody is signed in and 403 when the principal may not act. */
export function authorize(principal: Principal | null, action: Action, resource?: Resource): Principal {
  if (!principal) throw unauthenticated();
  if (!can(principal, action, resource)) throw forbidden();
  return principal;
}

/** The agencies for which a principal may take an action (its agency-scoped grants), for filtering lists. */
export function agencyScopes(principal: Principal | null, action: Action): number[] {
  if (!principal) return [];
  const rules: readonly Rule[] = POLICY[action];
  const roles = new Set(rules.filter(([, s]) => s === "agency").map(([r]) => r));
  return principal.grants.filter((g) => roles.has(g.role) && g.agencyId !== undefined).map((g) => g.agencyId!);
}

/**
 * The unit paths within which a principal may take an action on unit-scoped resources, for filtering lists;
 * `null` means the principal holds no unit-scoped right for it (it may still hold producer/retail rights).
 */
export function unitScopes(principal: Principal | null, action: Action): string[] {
  if (!principal) return [];
  const rules: readonly Rule[] = POLICY[action];
  const roles = new Set(rules.filter(([, s]) => s === "unit").map(([r]) => r));
  return principal.grants.filter((g) => roles.has(g.role) && g.unitPath).map((g) => g.unitPath!);
}

export function rolesOf(principal: Principal | null): Set<Role> {
  return new Set(principal?.grants.map((g) => g.role) ?? []);
}
