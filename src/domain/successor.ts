import type { Bilingual } from "../lib/i18n.js";
import type { Role } from "./roles.js";

/**
 * Work in flight across an administrative reform (NQ 1665/NQ-UBTVQH15; two-tier local government from
 * 1 July 2025). An item waiting at a unit that no longer exists is handled by its successor: the unit(s) the
 * mapping names (a former commune → the new commune), or, for a district whose task has no commune successor
 * (selecting ideas, approving plans, its council), the province it lay in. New work is never opened on a unit
 * that is not in force on the work's date. Dates are calendar dates "YYYY-MM-DD"; validTo is exclusive.
 */
export type UnitVersion = {
  id: number;
  level: "province" | "district" | "commune";
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
};
export type SuccessionLink = { predecessorId: number; successorId: number; effectiveDate: string };

export function inForce(u: Pick<UnitVersion, "validFrom" | "validTo">, date: string): boolean {
  return u.validFrom <= date && (u.validTo === null || date < u.validTo);
}

export type Handler =
  /** The unit itself is in force: nothing changes. */
  | { kind: "self"; unitIds: [number] }
  /** The reform's mapping names the unit(s) that took it over (several after a split). */
  | { kind: "successor"; unitIds: number[] }
  /** A district with no successor: its tasks passed to the province above it. */
  | { kind: "province"; unitIds: [number] }
  /** Nobody: the unit is unknown, not yet in force, or ended with no successor and no province to take over. */
  | { kind: "none"; unitIds: [] };

/** Who handles, on `date`, an item that lies in unit `unitId`. */
export function handlerOf(unitId: number, units: ReadonlyMap<number, UnitVersion>, links: readonly SuccessionLink[], date: string): Handler {
  const start = units.get(unitId);
  if (!start || start.validFrom > date) return { kind: "none", unitIds: [] };
  if (inForce(start, date)) return { kind: "self", unitIds: [start.id] };
  const found = new Set<number>();
  const seen = new Set<number>();
  const walk = (u: UnitVersion) => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    if (inForce(u, date)) return void found.add(u.id);
    for (const l of links) {
      if (l.predecessorId !== u.id || l.effectiveDate > date) continue;
      const next = units.get(l.successorId);
      if (next) walk(next);
    }
  };
  walk(start);
  if (found.size) return { kind: "successor", unitIds: [...found].sort((a, b) => a - b) };
  if (start.level === "district") {
    // The province above it (itself possibly succeeded, e.g. a merged province).
    for (let p = start.parentId !== null ? units.get(start.parentId) : undefined; p; p = p.parentId !== null ? units.get(p.parentId) : undefined) {
      if (p.level !== "province") continue;
      const h = handlerOf(p.id, units, links, date);
      if (h.kind === "self" || (h.kind === "successor" && h.unitIds.length === 1)) return { kind: "province", unitIds: [h.unitIds[0]!] };
    }
  }
  return { kind: "none", unitIds: [] };
}

/** New work (a cycle, a round, a role) may be opened on a unit only while it is in force on the work's date. */
export function notInForceProblem(u: Pick<UnitVersion, "validFrom" | "validTo"> & { name?: string }, date: string): Bilingual | null {
  if (inForce(u, date)) return null;
  const name = u.name ? ` "${u.name}"` : "";
  if (u.validFrom > date) {
    return { vi: `Đơn vị${name} chưa có hiệu lực vào ngày ${date} (từ ${u.validFrom}).`, en: `The unit${name} is not yet in force on ${date} (from ${u.validFrom}).` };
  }
  return {
    vi: `Đơn vị${name} không còn hiệu lực vào ngày ${date}: đã kết thúc hoạt động từ ngày ${u.validTo} (sắp xếp đơn vị hành chính); không thể mở việc mới ở đơn vị này.`,
    en: `The unit${name} is not in force on ${date}: it ceased on ${u.validTo} (administrative reorganisation); no new work can be opened there.`,
  };
}

/**
 * A chain with a district level runs only for a cycle that starts while the province had districts: the
 * seeds' years, and importing them. `districtsInForce` is how many of the province's districts were in force
 * on the cycle's first day (1 January of its year).
 */
export function districtChainProblem(year: number, districtsInForce: number): Bilingual | null {
  if (districtsInForce > 0) return null;
  return {
    vi: `Chu trình năm ${year} không thể xét duyệt qua cấp huyện: ngày 01/01/${year} tỉnh không có đơn vị cấp huyện nào (cấp huyện kết thúc hoạt động từ 01/07/2025). Hãy chọn chuỗi xã → tỉnh.`,
    en: `A ${year} cycle cannot go through a district: on 1 January ${year} the province had no district (districts ceased on 1 July 2025). Choose the commune → province chain.`,
  };
}

/** The first day of a cycle's year, the date its chain is judged on. */
export const cycleStartDate = (year: number) => `${String(year).padStart(4, "0")}-01-01`;

/**
 * The roles a grant may act as on an item: its own, and, where the item's district has passed its tasks to the
 * province (abolished, no commune successor for the task), the provincial office also takes the district's step.
 */
export function rolesActingAs(role: Role, districtPassedToProvince: boolean): Role[] {
  return role === "province_office" && districtPassedToProvince ? ["province_office", "district_office"] : [role];
}

/**
 * A stored note in the reader's language: a stand-in note (below) holds both languages in one string, because it
 * is written once into a workflow's history; any other note is shown as written.
 */
export function noteIn(note: string, locale: "vi" | "en"): string {
  const m = /^(Tiếp nhận thay .+ \(kết thúc hoạt động từ .+\)) \/ (Taken over from .+)$/.exec(note);
  return m ? m[locale === "vi" ? 1 : 2]! : note;
}

/** The note an event carries when a successor takes a step of an abolished unit, in both languages. */
export function standInNote(unitName: string, endedOn: string): string {
  return `Tiếp nhận thay ${unitName} (kết thúc hoạt động từ ${endedOn}, sắp xếp đơn vị hành chính) / Taken over from ${unitName} (ceased on ${endedOn}, administrative reorganisation)`;
}
