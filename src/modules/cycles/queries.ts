import { count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { productIdeas } from "../ideas/schema.js";
import { adminUnits } from "../units/schema.js";
import type { CycleView } from "./inputs.js";
import { cycles } from "./schema.js";

export type CycleRow = typeof cycles.$inferSelect;

/** The province a cycle belongs to is the unit at the root of the unit path ("42" in "42.518.1820"). */
export const provinceIdOfPath = (path: string): number => Number(path.split(".")[0]);

/** A cycle as the API and pages show it: with its province's name and how many ideas it holds. */
export async function cycleView(db: DbOrTx, row: CycleRow): Promise<CycleView> {
  const [[prov], [n]] = await Promise.all([
    db.select({ name: adminUnits.name }).from(adminUnits).where(eq(adminUnits.id, row.provinceId)),
    db.select({ n: count() }).from(productIdeas).where(eq(productIdeas.cycleId, row.id)),
  ]);
  return {
    id: row.id,
    provinceId: row.provinceId,
    provinceName: prov?.name ?? "",
    year: row.year,
    chain: row.chain,
    deadlines: row.deadlines,
    note: row.note,
    ideaCount: n?.n ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getCycleRow(db: DbOrTx, id: number): Promise<CycleRow | undefined> {
  const [row] = await db.select().from(cycles).where(eq(cycles.id, id)).limit(1);
  return row;
}
