import { ne, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { adminUnitSuccessions, adminUnits } from "./schema.js";
import { isValidOn } from "./data/unit-file.js";
import { type UnitLevel, searchKey } from "./data/unit-names.js";
import type { Succession, TreeNode, Unit } from "./inputs.js";
import { vnToday } from "../../lib/dates.js";
import { notFound } from "../../lib/problem.js";
import { handlerOf, type Handler, type SuccessionLink } from "../../domain/successor.js";

type Link = { id: number; effectiveDate: string; legalBasis: string; partial: boolean };
type Snapshot = {
  byId: Map<number, Unit>;
  byCode: Map<string, Unit[]>;
  children: Map<number, Unit[]>;
  next: Map<number, Link[]>;
  prev: Map<number, Link[]>;
  keys: Map<number, string>;
};

// Units are static reference data: answer from memory, re-reading only when the tables grew (a cheap
// max(id) probe sees rows inserted by another process or a test fixture) or a load in this process
// changed rows; changes made elsewhere to existing rows are seen within the TTL.
const TTL_MS = 5 * 60_000;
const cache = new WeakMap<object, { at: number; generation: number; stamp: string; snapshot: Promise<Snapshot> }>();
let generation = 0;

export function invalidateUnitsCache(): void {
  generation++;
}

async function stampOf(db: DbOrTx): Promise<string> {
  const [r] = await db
    .select({ units: sql<number | null>`max(${adminUnits.id})`, links: sql<number | null>`(select max(id) from admin_unit_successions)` })
    .from(adminUnits);
  return `${r?.units ?? 0}/${r?.links ?? 0}`;
}

async function readSnapshot(db: DbOrTx): Promise<Snapshot> {
  // The country unit is the Ministry's scope, not a local-government unit: the tree and its API leave it out.
  const [rows, links] = await Promise.all([db.select().from(adminUnits).where(ne(adminUnits.level, "country")), db.select().from(adminUnitSuccessions)]);
  const byId = new Map<number, Unit>();
  const byCode = new Map<string, Unit[]>();
  const children = new Map<number, Unit[]>();
  const keys = new Map<number, string>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const u of rows as Unit[]) {
    byId.set(u.id, u);
    push(byCode, u.code, u);
    if (u.parentId !== null) push(children, u.parentId, u);
    keys.set(u.id, searchKey(u.name));
  }
  for (const list of [...byCode.values(), ...children.values()]) list.sort(order);
  const next = new Map<number, Link[]>();
  const prev = new Map<number, Link[]>();
  for (const l of links) {
    const common = { effectiveDate: l.effectiveDate, legalBasis: l.legalBasis, partial: l.partial === 1 };
    push(next, l.predecessorId, { id: l.successorId, ...common });
    push(prev, l.successorId, { id: l.predecessorId, ...common });
  }
  return { byId, byCode, children, next, prev, keys };
}

// Codes sort as official lists do; versions of one code oldest first.
const order = (a: Unit, b: Unit) => a.code.localeCompare(b.code) || a.validFrom.localeCompare(b.validFrom);

async function snapshot(db: DbOrTx): Promise<Snapshot> {
  // Inside a transaction the caller may have just written units: never answer it from the cache.
  if (db instanceof PgTransaction) return readSnapshot(db);
  const stamp = await stampOf(db);
  const hit = cache.get(db);
  if (hit && hit.generation === generation && hit.stamp === stamp && Date.now() - hit.at < TTL_MS) return hit.snapshot;
  const entry = { at: Date.now(), generation, stamp, snapshot: readSnapshot(db) };
  entry.snapshot.catch(() => cache.delete(db));
  cache.set(db, entry);
  return entry.snapshot;
}

/** Today's date in Vietnam, the calendar validity dates are written in. */
export { vnToday };

export async function getUnit(db: DbOrTx, id: number): Promise<Unit | undefined> {
  return (await snapshot(db)).byId.get(id);
}

/** The version of a code valid on a date; without a date, its latest version. */
export async function findUnitByCode(db: DbOrTx, code: string, onDate?: string): Promise<Unit | undefined> {
  const versions = (await snapshot(db)).byCode.get(code) ?? [];
  if (onDate === undefined) return versions.at(-1);
  return versions.find((u) => isValidOn(u, onDate));
}

export type UnitFilter = { parentId?: number | undefined; level?: UnitLevel | undefined; at?: string | undefined; q?: string | undefined };

/** Units matching every filter given; `at` gives the tree as of that date (validFrom <= at < validTo). */
export async function listUnits(db: DbOrTx, f: UnitFilter = {}): Promise<Unit[]> {
  const s = await snapshot(db);
  const pool = f.parentId !== undefined ? (s.children.get(f.parentId) ?? []) : [...s.byId.values()].sort(order);
  const q = f.q ? searchKey(f.q) : "";
  return pool.filter(
    (u) => (f.level === undefined || u.level === f.level) && (f.at === undefined || isValidOn(u, f.at)) && (!q || s.keys.get(u.id)!.includes(q)),
  );
}

/** Ancestors from the province down, without the unit itself. */
export async function ancestors(db: DbOrTx, id: number): Promise<Unit[]> {
  const s = await snapshot(db);
  const out: Unit[] = [];
  for (let u = s.byId.get(id); u?.parentId != null; ) {
    u = s.byId.get(u.parentId);
    if (u) out.unshift(u);
  }
  return out;
}

function linked(s: Snapshot, m: Snapshot["next"], id: number): Succession[] {
  return (m.get(id) ?? []).map(({ id: other, ...rest }) => ({ unit: s.byId.get(other)!, ...rest })).sort((a, b) => order(a.unit, b.unit));
}

export async function successorsOf(db: DbOrTx, id: number): Promise<Succession[]> {
  const s = await snapshot(db);
  return linked(s, s.next, id);
}

export async function predecessorsOf(db: DbOrTx, id: number): Promise<Succession[]> {
  const s = await snapshot(db);
  return linked(s, s.prev, id);
}

/**
 * The unit(s) an old unit has become by `at` (the caller's today), following successions through every
 * reform in between; `partial` when any step took only part of it. The unit itself while it still exists;
 * empty when it ended with no recorded successor (an abolished district, an unsourced merger).
 */
export async function currentUnitFor(db: DbOrTx, oldUnitId: number, at: string): Promise<{ unit: Unit; partial: boolean }[]> {
  const s = await snapshot(db);
  const start = s.byId.get(oldUnitId);
  if (!start) return [];
  const found = new Map<number, boolean>();
  let lost = false;
  const walk = (u: Unit, partial: boolean, depth: number) => {
    if (isValidOn(u, at)) return void found.set(u.id, (found.get(u.id) ?? false) || partial);
    const next = (s.next.get(u.id) ?? []).filter((n) => n.effectiveDate <= at);
    if (!next.length || depth > 20) lost = true;
    else for (const n of next) walk(s.byId.get(n.id)!, partial || n.partial, depth + 1);
  };
  if (start.validFrom <= at) walk(start, false, 0);
  // Parts that all end up in one unit make the whole of it (old Trần Phú split in 2025, rejoined in Thành Sen).
  const whole = found.size === 1 && !lost;
  return [...found].map(([id, partial]) => ({ unit: s.byId.get(id)!, partial: partial && !whole })).sort((a, b) => order(a.unit, b.unit));
}

/** The dotted id path ("1.5.88") that policy checks compare; undefined for an unknown unit. */
export async function unitPathOf(db: DbOrTx, id: number): Promise<string | undefined> {
  return (await snapshot(db)).byId.get(id)?.path;
}

const UNIT = { vi: "đơn vị hành chính", en: "The administrative unit" };

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A former unit is shown as it last was, unless a date is asked for. */
const dateFor = (u: Unit, at: string | undefined, today: string) => at ?? (isValidOn(u, today) || u.validFrom > today ? today : dayBefore(u.validTo!));

/** One unit with its ancestors, children (as of `at`, or the date it is shown as of), successions and today's units; 404 when none. */
export async function unitDetail(db: DbOrTx, id: number, at: string | undefined, today: string) {
  const unit = await getUnit(db, id);
  if (!unit) throw notFound(UNIT);
  const asOf = dateFor(unit, at, today);
  const [up, children, predecessors, successors, current] = await Promise.all([
    ancestors(db, id),
    listUnits(db, { parentId: id, at: asOf }),
    predecessorsOf(db, id),
    successorsOf(db, id),
    currentUnitFor(db, id, today),
  ]);
  return { unit, ancestors: up, at: asOf, children, predecessors, successors, current };
}

/** The whole tree as of a date, from the provinces down. */
export async function treeAsOf(db: DbOrTx, at: string): Promise<TreeNode[]> {
  const grow = async (u: Unit): Promise<TreeNode> => ({ unit: u, children: await Promise.all((await listUnits(db, { parentId: u.id, at })).map(grow)) });
  return Promise.all((await listUnits(db, { level: "province", at })).map(grow));
}

/**
 * Who handles, on `date`, work that lies in unit `id` (src/domain/successor.ts): the unit itself while in force,
 * else its successor(s) from the mapping, else (a district) the province; with their dotted paths for policy checks.
 */
export async function handlerOfUnit(db: DbOrTx, id: number, date: string): Promise<Handler & { paths: string[] }> {
  const s = await snapshot(db);
  const h = handlerOf(id, s.byId, linksOf(s).links, date);
  return { ...h, paths: h.unitIds.map((u) => s.byId.get(u)!.path) };
}

/** Whether the district a commune lay in has passed its tasks to the province by `date` (abolished, no successor). */
export async function districtPassedToProvince(db: DbOrTx, communeId: number, date: string): Promise<{ districtId: number; name: string; validTo: string } | null> {
  return (await stewardsOf(db, communeId, date)).districtPassed;
}

/** An ended unit named in a stand-in's history note. */
export type EndedUnit = { id: number; name: string; validTo: string };

/**
 * Who looks after work lying in a commune on `date` once the reform has ended units around it
 * (src/domain/successor.ts): the paths of the commune(s) that succeeded it, when it ended, and the district
 * whose tasks (selecting ideas, approving plans, its council) passed to the province, when it ended.
 */
export type Stewards = { successorPaths: string[]; formerCommune: EndedUnit | null; districtPassed: (EndedUnit & { districtId: number }) | null };

export async function stewardsOf(db: DbOrTx, communeId: number, date: string): Promise<Stewards> {
  const s = await snapshot(db);
  const { links } = linksOf(s);
  const commune = s.byId.get(communeId);
  const out: Stewards = { successorPaths: [], formerCommune: null, districtPassed: null };
  if (!commune) return out;
  const h = handlerOf(communeId, s.byId, links, date);
  if (h.kind === "successor") {
    out.successorPaths = h.unitIds.map((u) => s.byId.get(u)!.path);
    out.formerCommune = { id: commune.id, name: commune.name, validTo: commune.validTo! };
  }
  const parent = commune.parentId !== null ? s.byId.get(commune.parentId) : undefined;
  if (parent?.level === "district" && handlerOf(parent.id, s.byId, links, date).kind === "province") {
    out.districtPassed = { id: parent.id, districtId: parent.id, name: parent.name, validTo: parent.validTo! };
  }
  return out;
}

/**
 * What a grant held in `scopePath` reaches across the reform on `date`, for lists and inboxes: the ended
 * communes outside the scope whose successor lies inside it (a new commune's officer sees the former communes'
 * work), and the ended districts whose tasks passed to a province inside it (the office takes their steps).
 */
export async function reformReach(db: DbOrTx, scopePath: string, date: string): Promise<{ formerCommuneIds: number[]; passedDistrictIds: number[] }> {
  const s = await snapshot(db);
  const { links, key } = linksOf(s);
  const memo = reachMemo.get(s) ?? reachMemo.set(s, new Map()).get(s)!;
  const hit = memo.get(`${key}|${scopePath}|${date}`);
  if (hit) return hit;
  const inScope = (p: string) => p === scopePath || p.startsWith(scopePath + ".");
  const out = { formerCommuneIds: [] as number[], passedDistrictIds: [] as number[] };
  for (const u of s.byId.values()) {
    if (u.validTo === null || u.validTo > date || (u.level !== "commune" && u.level !== "district")) continue;
    const h = handlerOf(u.id, s.byId, links, date);
    if (u.level === "commune" && h.kind === "successor" && !inScope(u.path) && h.unitIds.some((id) => inScope(s.byId.get(id)!.path))) out.formerCommuneIds.push(u.id);
    if (u.level === "district" && h.kind === "province" && inScope(s.byId.get(h.unitIds[0])!.path)) out.passedDistrictIds.push(u.id);
  }
  memo.set(`${key}|${scopePath}|${date}`, out);
  return out;
}

const reachMemo = new WeakMap<Snapshot, Map<string, { formerCommuneIds: number[]; passedDistrictIds: number[] }>>();
const linkMemo = new WeakMap<Snapshot, { links: SuccessionLink[]; key: string }>();
function linksOf(s: Snapshot): { links: SuccessionLink[]; key: string } {
  const hit = linkMemo.get(s);
  if (hit) return hit;
  const links: SuccessionLink[] = [];
  for (const [predecessorId, list] of s.next) for (const l of list) links.push({ predecessorId, successorId: l.id, effectiveDate: l.effectiveDate });
  const v = { links, key: String(links.length) };
  linkMemo.set(s, v);
  return v;
}

/** reformReach for every unit a principal holds a role in, keyed by that unit's path (lists and inboxes). */
export async function reachOfGrants(db: DbOrTx, grants: readonly { unitPath?: string }[], date: string): Promise<Map<string, { formerCommuneIds: number[]; passedDistrictIds: number[] }>> {
  const out = new Map<string, { formerCommuneIds: number[]; passedDistrictIds: number[] }>();
  for (const p of new Set(grants.map((g) => g.unitPath).filter((p): p is string => !!p))) out.set(p, await reformReach(db, p, date));
  return out;
}
