import { z } from "zod";
import { UNIT_KINDS, UNIT_LEVELS } from "./unit-names.js";

/**
 * A province data file (src/modules/units/data/NN-name.json), written by `scripts/import-units.ts build`
 * and read by `loadUnitsFile`. Format "ocop-admin-units/1":
 *
 *  - `units`: every version of every unit. A unit is keyed by (code, validFrom), because official codes are
 *    reused (a merged ward keeps one predecessor's code) and a unit that moves district or changes kind
 *    gets a new version. `validTo` is exclusive; null while the unit exists. `parent` is the key
 *    "code@validFrom" of the parent version, null for a province.
 *  - `successions`: old → new rows ("code@validFrom" keys) with the date and legal basis of the change;
 *    `partial` when only part of the old unit went to this successor (an old unit split among several).
 *  - `changes`: the arrangements the file's dates come from, with their sources; `notes`: what could not
 *    be sourced and what was assumed. `source` and `licence` say where the codes and names come from.
 *  - `counts`: what the file must hold, checked on load, so a truncated or hand-edited file fails loudly.
 */
export const UNIT_FILE_FORMAT = "ocop-admin-units/1";

const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").refine(isCalendarDate, "not a calendar date");
const Code = z.string().regex(/^[0-9]{2,6}$/, "an official numeric code");
const Ref = z.string().regex(/^[0-9]{2,6}@\d{4}-\d{2}-\d{2}$/, "a unit key code@validFrom");

export const unitKey = (u: { code: string; validFrom: string }) => `${u.code}@${u.validFrom}`;

const UnitEntry = z.strictObject({
  code: Code,
  name: z.string().min(1).max(200),
  kind: z.enum(UNIT_KINDS),
  level: z.enum(UNIT_LEVELS),
  parent: Ref.nullable(),
  validFrom: DateString,
  validTo: DateString.nullable(),
  source: z.string().min(1).max(200),
  note: z.string().optional(),
});

const SuccessionEntry = z.strictObject({
  from: Ref,
  to: Ref,
  effectiveDate: DateString,
  legalBasis: z.string().min(1),
  partial: z.boolean(),
  note: z.string().optional(),
});

const Change = z.strictObject({ effectiveDate: DateString, legalBasis: z.string().min(1), sources: z.array(z.string()), note: z.string().optional() });

const Counts = z.strictObject({
  units: z.number().int(),
  successions: z.number().int(),
  byLevel: z.record(z.string(), z.number().int()),
  /** Units valid on a date, by level: the tree as of each date named (e.g. the day before a reform). */
  asOf: z.record(DateString, z.record(z.string(), z.number().int())),
});

export const isValidOn = (u: { validFrom: string; validTo: string | null }, at: string) => u.validFrom <= at && (u.validTo === null || at < u.validTo);

type Entry = z.infer<typeof UnitEntry>;

const LEVEL_RANK = { province: 0, district: 1, commune: 2 } as const;

/** Tallies a file's units the same way the build script does, so `counts` can be checked. */
export function tally(units: readonly Entry[], dates: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const at of dates) {
    const c: Record<string, number> = {};
    for (const u of units) if (isValidOn(u, at)) c[u.level] = (c[u.level] ?? 0) + 1;
    out[at] = c;
  }
  return out;
}

export function levelCounts(units: readonly Entry[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const u of units) c[u.level] = (c[u.level] ?? 0) + 1;
  return c;
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

export const UnitFile = z
  .strictObject({
    format: z.literal(UNIT_FILE_FORMAT),
    province: Code,
    title: z.string(),
    source: z.string().min(1),
    licence: z.string().min(1),
    inputs: z.record(z.string(), z.string()),
    changes: z.array(Change),
    notes: z.array(z.string()),
    counts: Counts,
    units: z.array(UnitEntry).min(1),
    successions: z.array(SuccessionEntry),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const byKey = new Map<string, Entry>();
    file.units.forEach((u, i) => {
      const key = unitKey(u);
      if (byKey.has(key)) issue(["units", i], `duplicate unit ${key}`);
      byKey.set(key, u);
      if (u.validTo !== null && u.validTo <= u.validFrom) issue(["units", i, "validTo"], `${key}: validTo must be after validFrom`);
    });
    file.units.forEach((u, i) => {
      const key = unitKey(u);
      if (u.level === "province") {
        if (u.parent !== null) issue(["units", i, "parent"], `${key}: a province has no parent`);
        return;
      }
      const parent = u.parent === null ? undefined : byKey.get(u.parent);
      if (!parent) return issue(["units", i, "parent"], `${key}: parent ${u.parent ?? "(none)"} is not in the file`);
      if (LEVEL_RANK[parent.level] >= LEVEL_RANK[u.level]) issue(["units", i, "parent"], `${key}: parent ${u.parent} is not above it`);
      // A child must lie within its parent's lifetime, or the tree as of some date would show an orphan.
      const endsAfter = (a: string | null, b: string | null) => a === null || (b !== null && a >= b);
      if (u.validFrom < parent.validFrom || !endsAfter(parent.validTo, u.validTo)) {
        issue(["units", i, "validFrom"], `${key}: valid outside its parent ${u.parent}`);
      }
    });
    const pairs = new Set<string>();
    file.successions.forEach((s, i) => {
      const from = byKey.get(s.from);
      const to = byKey.get(s.to);
      if (!from) issue(["successions", i, "from"], `${s.from} is not in the file`);
      if (!to) issue(["successions", i, "to"], `${s.to} is not in the file`);
      if (s.from === s.to) issue(["successions", i], `${s.from} cannot succeed itself`);
      if (pairs.has(`${s.from}>${s.to}`)) issue(["successions", i], `duplicate succession ${s.from} → ${s.to}`);
      pairs.add(`${s.from}>${s.to}`);
      if (from && to && (from.validTo !== s.effectiveDate || to.validFrom > s.effectiveDate)) {
        issue(["successions", i, "effectiveDate"], `${s.from} → ${s.to}: the old unit must end, and the new one exist, on ${s.effectiveDate}`);
      }
    });
    if (file.counts.units !== file.units.length) issue(["counts", "units"], `file says ${file.counts.units} units, holds ${file.units.length}`);
    if (file.counts.successions !== file.successions.length) issue(["counts", "successions"], `file says ${file.counts.successions} successions, holds ${file.successions.length}`);
    if (!sameCounts(file.counts.byLevel, levelCounts(file.units))) issue(["counts", "byLevel"], "unit counts by level do not match the units");
    const asOf = tally(file.units, Object.keys(file.counts.asOf));
    for (const [at, expected] of Object.entries(file.counts.asOf)) {
      if (!sameCounts(expected, asOf[at] ?? {})) issue(["counts", "asOf", at], `the tree as of ${at} does not hold the counted units`);
    }
  });

export type UnitFile = z.infer<typeof UnitFile>;
export type UnitFileEntry = Entry;
