import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import { LEVEL_CHAINS, type LevelChain } from "../domain/level-chain.js";
import { rolesActingAs } from "../domain/successor.js";
import { can, unitContains, type Action, type Resource } from "./policy.js";
import type { Grant, Principal } from "../domain/principal.js";
import { withinUnits } from "./unit-filter.js";

/**
 * Where a workflow's steps meet the policy, for every workflow (ideas, plans, later dossiers): which of a
 * principal's grants may act on a record, and which records wait for the principal. The states come from the
 * workflow's own transition table per chain, so an inbox cannot disagree with what a record's page offers.
 */

/** The grants through which the principal may take `action`'s workflow steps on this resource. */
export function actingGrants(principal: Principal | null, action: Action, resource: Resource): Grant[] {
  if (!principal) return [];
  return principal.grants.filter((g) => can({ ...principal, grants: [g] }, action, resource));
}

/**
 * One way a principal may take a step: through grant `g`, in role `as`. `standIn` says whom it stands in for
 * across the 2025 reform (src/domain/successor.ts): "commune" when the grant reaches the item only through its
 * ended commune's successor, "district" when the province takes the step of a district whose tasks passed to it.
 */
export type ActingWay = { g: Grant; as: Role; standIn: "commune" | "district" | null };

export function actingWays(principal: Principal | null, action: Action, resource: Resource, districtPassed: boolean): ActingWay[] {
  return actingGrants(principal, action, resource).flatMap((g) => {
    const viaSuccessor = !!(g.unitPath && resource.unitPath && !unitContains(g.unitPath, resource.unitPath));
    return rolesActingAs(g.role, districtPassed).map((as): ActingWay => ({ g, as, standIn: as !== g.role ? "district" : viaSuccessor ? "commune" : null }));
  });
}

/** What a unit grant reaches across the reform (units' reformReach): former communes, districts passed to it. */
export type ReformReach = { formerCommuneIds: readonly number[]; passedDistrictIds: readonly number[] };
/** Reach per grant unit path; a missing entry reaches nothing beyond the grant's own unit. */
export type ReachByPath = ReadonlyMap<string, ReformReach>;

type Columns = { state: SQLWrapper; chain: SQLWrapper; producerId: SQLWrapper; unitPath: SQLWrapper; communeId: SQLWrapper; parentId: SQLWrapper };

/** The SQL of "lies in this grant's unit, or in a former commune its unit succeeded". */
export function withinReach(col: { unitPath: SQLWrapper; communeId: SQLWrapper }, scopes: readonly string[], reach: ReachByPath): SQL {
  const former = [...new Set(scopes.flatMap((s) => reach.get(s)?.formerCommuneIds ?? []))];
  return former.length ? or(withinUnits(col.unitPath, scopes), inArray(col.communeId, former))! : withinUnits(col.unitPath, scopes);
}

/**
 * "Waiting for me": records in a state where one of the principal's roles has a step in the record's chain,
 * within that role's unit (or for that role's producer). Nothing waits for a principal without such a role.
 * Across the reform a grant also reaches the former communes its unit succeeded, and the province office the
 * steps of the districts whose tasks passed to it (`reach`, from the units area).
 */
export function waitingWhere<S extends string>(
  principal: Principal,
  states: readonly S[],
  actionsIn: (state: S, chain: LevelChain, role: Role) => readonly unknown[],
  col: Columns,
  reach: ReachByPath = new Map(),
): SQL {
  const parts: SQL[] = [];
  for (const g of principal.grants) {
    const where = g.role === "producer_member" ? (g.producerId !== undefined ? eq(col.producerId, g.producerId) : undefined) : g.unitPath ? withinReach(col, [g.unitPath], reach) : undefined;
    if (!where) continue;
    const passed = g.unitPath ? reach.get(g.unitPath)?.passedDistrictIds ?? [] : [];
    for (const chain of LEVEL_CHAINS) {
      const waiting = states.filter((s) => actionsIn(s, chain, g.role).length > 0);
      if (waiting.length) parts.push(and(eq(col.chain, chain), inArray(col.state, [...waiting]), where)!);
      if (!passed.length) continue;
      // The district's steps the province took over, on items in the communes of those districts.
      for (const as of rolesActingAs(g.role, true)) {
        if (as === g.role) continue;
        const theirs = states.filter((s) => actionsIn(s, chain, as).length > 0);
        if (theirs.length) parts.push(and(eq(col.chain, chain), inArray(col.state, [...theirs]), inArray(col.parentId, [...passed]), where)!);
      }
    }
  }
  return parts.length ? or(...parts)! : sql`false`;
}
