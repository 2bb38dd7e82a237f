import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import { LEVEL_CHAINS, type LevelChain } from "../domain/level-chain.js";
import { can, type Action, type Resource } from "./policy.js";
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

type Columns = { state: SQLWrapper; chain: SQLWrapper; producerId: SQLWrapper; unitPath: SQLWrapper };

/**
 * "Waiting for me": records in a state where one of the principal's roles has a step in the record's chain,
 * within that role's unit (or for that role's producer). Nothing waits for a principal without such a role.
 */
export function waitingWhere<S extends string>(
  principal: Principal,
  states: readonly S[],
  actionsIn: (state: S, chain: LevelChain, role: Role) => readonly unknown[],
  col: Columns,
): SQL {
  const parts: SQL[] = [];
  for (const g of principal.grants) {
    const where = g.role === "producer_member" ? (g.producerId !== undefined ? eq(col.producerId, g.producerId) : undefined) : g.unitPath ? withinUnits(col.unitPath, [g.unitPath]) : undefined;
    if (!where) continue;
    for (const chain of LEVEL_CHAINS) {
      const waiting = states.filter((s) => actionsIn(s, chain, g.role).length > 0);
      if (waiting.length) parts.push(and(eq(col.chain, chain), inArray(col.state, [...waiting]), where)!);
    }
  }
  return parts.length ? or(...parts)! : sql`false`;
}
