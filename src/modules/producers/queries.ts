import type { Db } from "../../db/client.js";
import { vnToday } from "../../lib/dates.js";
import { getUnit, listUnits } from "../units/index.js";
import type { CommuneGroup } from "./inputs.js";

/** Communes in force today, grouped under the unit above them, both in Vietnamese alphabetical order. */
export async function communeGroups(db: Db, now: Date): Promise<CommuneGroup[]> {
  const communes = await listUnits(db, { level: "commune", at: vnToday(now) });
  const groups = new Map<number | null, CommuneGroup>();
  for (const u of communes) {
    let g = groups.get(u.parentId);
    if (!g) {
      const parent = u.parentId !== null ? await getUnit(db, u.parentId) : undefined;
      g = { label: parent?.name ?? "—", communes: [] };
      groups.set(u.parentId, g);
    }
    g.communes.push({ id: u.id, name: u.name });
  }
  const coll = new Intl.Collator("vi");
  const out = [...groups.values()].sort((a, b) => coll.compare(a.label, b.label));
  for (const g of out) g.communes.sort((a, b) => coll.compare(a.name, b.name));
  return out;
}
