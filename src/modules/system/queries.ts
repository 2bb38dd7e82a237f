import { inArray } from "drizzle-orm";
import type { Grant } from "../../domain/principal.js";
import type { Db } from "../../db/client.js";
import { producers } from "../producers/schema.js";
import { retailPoints } from "../retail/schema.js";
import { adminUnits } from "../units/schema.js";
import { agencyNames } from "../tasks/index.js";
import type { ScopeNames } from "./views/home.js";

function unitTitle(u: { name: string; kind: string }): string {
  if (u.name.toLowerCase().startsWith(u.kind.toLowerCase())) return u.name;
  return `${u.kind.charAt(0).toUpperCase()}${u.kind.slice(1)} ${u.name}`;
}

/** The names of the units, producers, retail points and agencies a user's grants name, for the role cards. */
export async function scopeNames(db: Db, grants: Grant[]): Promise<ScopeNames> {
  const ids = (k: "unitId" | "producerId" | "retailPointId" | "agencyId") => [...new Set(grants.map((g) => g[k]).filter((x): x is number => x !== undefined))];
  const [u, p, r] = [ids("unitId"), ids("producerId"), ids("retailPointId")];
  const [unitRows, producerRows, retailRows, agencies] = await Promise.all([
    u.length ? db.select({ id: adminUnits.id, name: adminUnits.name, kind: adminUnits.kind }).from(adminUnits).where(inArray(adminUnits.id, u)) : [],
    p.length ? db.select({ id: producers.id, name: producers.name }).from(producers).where(inArray(producers.id, p)) : [],
    r.length ? db.select({ id: retailPoints.id, name: retailPoints.name }).from(retailPoints).where(inArray(retailPoints.id, r)) : [],
    agencyNames(db, ids("agencyId")),
  ]);
  return {
    units: new Map(unitRows.map((x) => [x.id, unitTitle(x)])),
    producers: new Map(producerRows.map((x) => [x.id, x.name])),
    retail: new Map(retailRows.map((x) => [x.id, x.name])),
    agencies,
  };
}

