import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client.js";
import { adminUnitSuccessions, adminUnits } from "../schema.js";
import { invalidateUnitsCache } from "../queries.js";
import { UnitFile, type UnitFileEntry, unitKey } from "../data/unit-file.js";

export type LoadResult = { inserted: number; updated: number; unchanged: number; successions: number };

// Large enough to be few round trips, small enough to stay far below the 65535 bind-parameter limit.
const CHUNK = 500;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

// Only a real change rewrites a row, so a second load of the same file changes nothing.
const unitChanged = sql`(${adminUnits.name}, ${adminUnits.kind}, ${adminUnits.level}, ${adminUnits.parentId}, ${adminUnits.validTo}, ${adminUnits.source})
  is distinct from (excluded.name, excluded.kind, excluded.level, excluded.parent_id, excluded.valid_to, excluded.source)`;
const successionChanged = sql`(${adminUnitSuccessions.effectiveDate}, ${adminUnitSuccessions.legalBasis}, ${adminUnitSuccessions.partial})
  is distinct from (excluded.effective_date, excluded.legal_basis, excluded.partial)`;

/** Checks a province file completely (schema, references, dates, counts) and throws before anything is written. */
export function parseUnitsFile(data: unknown): UnitFile {
  const r = UnitFile.safeParse(data);
  if (!r.success) {
    const issues = { ...r.error, issues: r.error.issues.slice(0, 20) } as z.ZodError;
    throw new Error(`invalid administrative units file:\n${z.prettifyError(issues)}`);
  }
  return r.data;
}

/**
 * Loads a province file in one transaction: units upserted by (code, validFrom) parents first, each unit's
 * path ("1.5.88") computed from its parent's, successions upserted by (predecessor, successor). Units or
 * successions no longer in the file are kept: records elsewhere may point at them.
 */
export async function loadUnitsFile(db: DbOrTx, data: unknown): Promise<LoadResult> {
  const file = parseUnitsFile(data);
  const result = await db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: adminUnits.id, code: adminUnits.code, validFrom: adminUnits.validFrom, path: adminUnits.path })
      .from(adminUnits)
      .where(inArray(adminUnits.code, [...new Set(file.units.map((u) => u.code))]));
    const ids = new Map(existing.map((r) => [unitKey(r), r.id]));
    const storedPath = new Map(existing.map((r) => [r.id, r.path]));
    const paths = new Map<string, string>();
    const counts = { inserted: 0, updated: 0 };

    for (const level of ["province", "district", "commune"] as const) {
      const rows = file.units.filter((u) => u.level === level);
      for (const batch of chunks(rows)) {
        const written = await tx
          .insert(adminUnits)
          .values(batch.map((u) => toRow(u, ids)))
          .onConflictDoUpdate({
            target: [adminUnits.code, adminUnits.validFrom],
            set: { name: sql`excluded.name`, kind: sql`excluded.kind`, level: sql`excluded.level`, parentId: sql`excluded.parent_id`, validTo: sql`excluded.valid_to`, source: sql`excluded.source` },
            setWhere: unitChanged,
          })
          .returning({ id: adminUnits.id, code: adminUnits.code, validFrom: adminUnits.validFrom, inserted: sql<boolean>`xmax = 0` });
        for (const w of written) {
          ids.set(unitKey(w), w.id);
          counts[w.inserted ? "inserted" : "updated"]++;
        }
      }
      const changedPaths: { id: number; path: string }[] = [];
      for (const u of rows) {
        const id = ids.get(unitKey(u))!;
        const path = u.parent === null ? String(id) : `${paths.get(u.parent)}.${id}`;
        paths.set(unitKey(u), path);
        if (storedPath.get(id) !== path) changedPaths.push({ id, path });
      }
      for (const batch of chunks(changedPaths)) {
        const values = sql.join(batch.map((p) => sql`(${p.id}::int, ${p.path}::text)`), sql`, `);
        await tx.execute(sql`update admin_units set path = v.path from (values ${values}) as v(id, path) where admin_units.id = v.id`);
      }
    }

    let successions = 0;
    for (const batch of chunks(file.successions)) {
      const written = await tx
        .insert(adminUnitSuccessions)
        .values(batch.map((s) => ({ predecessorId: ids.get(s.from)!, successorId: ids.get(s.to)!, effectiveDate: s.effectiveDate, legalBasis: s.legalBasis, partial: s.partial ? 1 : 0 })))
        .onConflictDoUpdate({
          target: [adminUnitSuccessions.predecessorId, adminUnitSuccessions.successorId],
          set: { effectiveDate: sql`excluded.effective_date`, legalBasis: sql`excluded.legal_basis`, partial: sql`excluded.partial` },
          setWhere: successionChanged,
        })
        .returning({ id: adminUnitSuccessions.id });
      successions += written.length;
    }
    return { ...counts, unchanged: file.units.length - counts.inserted - counts.updated, successions };
  });
  invalidateUnitsCache();
  return result;
}

function toRow(u: UnitFileEntry, ids: Map<string, number>) {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    level: u.level,
    parentId: u.parent === null ? null : ids.get(u.parent)!,
    validFrom: u.validFrom,
    validTo: u.validTo,
    // Set for new rows only (the conflict update leaves it); the real path needs the id, written just after.
    path: "",
    source: u.source,
  };
}

// Bundled files are imported on demand, so the app and the Worker bundle never carry them.
const BUNDLED: Record<string, () => Promise<{ default: unknown }>> = {
  "42": () => import("../data/42-ha-tinh.json", { with: { type: "json" } }),
};

export const BUNDLED_PROVINCES = Object.keys(BUNDLED);

/** Loads a province file shipped in the repo ("42" = Hà Tĩnh); used by demo seeding and tests. */
export async function loadBundledProvince(db: DbOrTx, provinceCode: string): Promise<LoadResult> {
  const load = BUNDLED[provinceCode];
  if (!load) throw new Error(`no bundled administrative units for province ${provinceCode} (have: ${BUNDLED_PROVINCES.join(", ")})`);
  return loadUnitsFile(db, (await load()).default);
}
