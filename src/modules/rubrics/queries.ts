import { CRITERIA_SETS } from "../../domain/product-categories.js";
import { tenths } from "../../domain/score-units.js";
import { walkNodes, type CriterionNode, type RubricFile } from "../../domain/rubric.js";
import { rubricFileSchema } from "./inputs.js";
import { RUBRIC_DATA } from "./data/bundle.js";

/*
 * The rubric files (data/<version>/set-NN.json) come in as JSON imports (data/bundle.ts), not read from disk:
 * the Worker has no file system, and Node and the Worker must score with the very same data.
 */

/**
 * Part maxima of Art. 3.1 (A 40, B 25, C 35). The tourism sheet (set 26) prints the same maxima in its points
 * column and its criteria add up to them, although its Part A heading says "(35 Điểm)".
 */
const PART_MAX: Record<string, number> = { A: 40, B: 25, C: 35 };
const TOTAL = 100;


/** Every problem with a rubric file, as readable sentences; empty when the file is valid. */
export function validateRubric(data: unknown): string[] {
  const parsed = rubricFileSchema.safeParse(data);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  }
  const r = parsed.data;
  const problems: string[] = [];

  if (!CRITERIA_SETS.some((s) => s.id === r.setId)) problems.push(`setId ${r.setId} is not a criteria set`);
  if (r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom) problems.push(`effectiveTo ${r.effectiveTo} is before effectiveFrom ${r.effectiveFrom}`);

  const ids = new Set<string>();
  const claim = (id: string, what: string) => {
    if (ids.has(id)) problems.push(`duplicate id ${id} (${what})`);
    ids.add(id);
  };
  const ruleIds = new Set<string>();
  for (const e of r.eliminationRules) {
    if (ruleIds.has(e.id)) problems.push(`duplicate elimination rule id ${e.id}`);
    ruleIds.add(e.id);
  }

  const checkNode = (n: CriterionNode, parentId: string | null) => {
    claim(n.id, "criterion");
    if (parentId !== null && !n.id.startsWith(parentId + ".")) problems.push(`${n.id} is filed under ${parentId}`);
    const hasOptions = n.options !== undefined;
    const hasChildren = n.subCriteria !== undefined;
    if (hasOptions === hasChildren) {
      problems.push(`${n.id} must have either options or sub-criteria${hasOptions ? ", not both" : ""}`);
      return;
    }
    if (n.subCriteria) {
      if (n.subCriteria.length === 0) problems.push(`${n.id} has an empty sub-criteria list`);
      if (n.optionGroups) problems.push(`${n.id} has option groups but no options`);
      const sum = n.subCriteria.reduce((s, c) => s + tenths(c.maxPoints), 0);
      if (sum !== tenths(n.maxPoints)) problems.push(`${n.id} is worth ${n.maxPoints} but its sub-criteria add up to ${sum / 10}`);
      for (const c of n.subCriteria) checkNode(c, n.id);
      return;
    }
    const options = n.options!;
    if (options.length < 2) problems.push(`${n.id} has ${options.length} option(s); at least 2 are needed`);
    for (const o of options) {
      claim(o.id, "option");
      if (!o.id.startsWith(n.id + ".") || o.id.slice(n.id.length + 1).includes(".")) problems.push(`option ${o.id} is filed under ${n.id}`);
    }
    const best = Math.max(...options.map((o) => tenths(o.points)));
    if (options.length && best !== tenths(n.maxPoints)) problems.push(`${n.id} is worth ${n.maxPoints} but its best option gives ${best / 10}`);

    const groupIds = (n.optionGroups ?? []).map((g) => g.id);
    if (new Set(groupIds).size !== groupIds.length) problems.push(`${n.id} has duplicate option group ids`);
    for (const o of options) {
      if (groupIds.length === 0 && o.group !== undefined) problems.push(`option ${o.id} names group ${o.group} but ${n.id} has no groups`);
      if (groupIds.length > 0 && (o.group === undefined || !groupIds.includes(o.group))) problems.push(`option ${o.id} is in no declared group of ${n.id}`);
    }
    const runs = groupIds.length ? groupIds.map((g) => options.filter((o) => o.group === g)) : [options];
    runs.forEach((run, i) => {
      if (groupIds.length && run.length < 2) problems.push(`${n.id} group ${groupIds[i]} has fewer than 2 options`);
      // Options are printed from worst to best; the star minimums ("at least this option") rely on that order.
      for (let k = 1; k < run.length; k++) {
        if (tenths(run[k]!.points) < tenths(run[k - 1]!.points)) problems.push(`${n.id}: option ${run[k]!.id} gives fewer points than the one before it`);
      }
    });
    const starred = options.filter((o) => o.minStar !== undefined);
    if (starred.length && groupIds.length) problems.push(`${n.id}: star minimums on an item with option groups are ambiguous`);
    // scoreSheet compares points to decide whether a marked option is reached, so no earlier option may tie it.
    for (const o of starred) {
      const idx = options.indexOf(o);
      if (options.slice(0, idx).some((e) => tenths(e.points) >= tenths(o.points))) problems.push(`${n.id}: starred option ${o.id} does not give more points than the options before it`);
    }
    for (let k = 1; k < starred.length; k++) {
      if (starred[k]!.minStar! <= starred[k - 1]!.minStar!) problems.push(`${n.id}: star marks do not rise with the options (${starred[k - 1]!.id}, ${starred[k]!.id})`);
    }
  };

  const order = ["A", "B", "C"];
  if (r.parts.map((p) => p.id).join("") !== order.join("")) problems.push(`parts must be A, B, C in that order (found ${r.parts.map((p) => p.id).join(", ")})`);
  let total = 0;
  for (const p of r.parts) {
    const sum = p.criteria.reduce((s, c) => s + tenths(c.maxPoints), 0);
    if (sum !== tenths(p.maxPoints)) problems.push(`part ${p.id} is worth ${p.maxPoints} but its criteria add up to ${sum / 10}`);
    const expected = PART_MAX[p.id];
    if (expected !== undefined && tenths(p.maxPoints) !== tenths(expected)) problems.push(`part ${p.id} must be worth ${expected}, not ${p.maxPoints}`);
    for (const c of p.criteria) checkNode(c, null);
    total += tenths(p.maxPoints);
  }
  if (total !== tenths(r.totalPoints)) problems.push(`totalPoints is ${r.totalPoints} but the parts add up to ${total / 10}`);
  if (tenths(r.totalPoints) !== tenths(TOTAL)) problems.push(`totalPoints must be ${TOTAL}, not ${r.totalPoints}`);

  const nodeIds = new Set(r.parts.flatMap((p) => [...walkNodes(p.criteria)].map((n) => n.id)));
  for (const e of r.eliminationRules) {
    if (e.criterionId !== undefined && !nodeIds.has(e.criterionId)) problems.push(`elimination rule ${e.id} points at unknown criterion ${e.criterionId}`);
  }
  // Stop rules watch the item itself or items printed before it; a conditional item depends on an item printed before it.
  const itemOrder = r.parts.flatMap((p) => [...walkNodes(p.criteria)].filter((n) => n.options).map((n) => n.id));
  for (const p of r.parts) {
    for (const n of walkNodes(p.criteria)) {
      const at = itemOrder.indexOf(n.id);
      if ((n.stop || n.appliesWhen) && at < 0) problems.push(`${n.id}: a stop rule or condition sits on a node that is not a scored item`);
      for (const w of n.stop?.watch ?? []) if (!(itemOrder.indexOf(w) >= 0 && itemOrder.indexOf(w) <= at)) problems.push(`${n.id}: its stop rule watches ${w}, which is not a scored item printed up to it`);
      const c = n.appliesWhen?.item;
      if (c !== undefined && !(itemOrder.indexOf(c) >= 0 && itemOrder.indexOf(c) < at)) problems.push(`${n.id}: it applies when ${c}, which is not a scored item printed before it`);
    }
  }
  return problems;
}

export class RubricError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n- ${problems.join("\n- ")}` : message);
    this.name = "RubricError";
  }
}

const cache = new Map<string, RubricFile>();

/** The validated rubric of one criteria set in one legal version; throws RubricError if missing or invalid. */
export function loadRubric(version: string, setId: number): RubricFile {
  const key = `${version}/${setId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!/^[a-z0-9-]+$/.test(version) || !Number.isInteger(setId) || setId < 1) throw new RubricError(`no rubric ${key}`);
  const files = Object.hasOwn(RUBRIC_DATA, version) ? RUBRIC_DATA[version]! : undefined;
  const data: unknown = files && Object.hasOwn(files, setId) ? files[setId] : undefined;
  if (data === undefined) throw new RubricError(`no rubric ${key}`);
  const problems = validateRubric(data);
  if (problems.length) throw new RubricError(`rubric ${key} is invalid`, problems);
  const rubric = rubricFileSchema.parse(data);
  if (rubric.version !== version || rubric.setId !== setId) throw new RubricError(`rubric file ${key} says it is ${rubric.version}/${rubric.setId}`);
  cache.set(key, rubric);
  return rubric;
}

/** The legal versions present, oldest effective date first. */
export function rubricVersions(): string[] {
  const dirs = Object.keys(RUBRIC_DATA);
  const from = (v: string) => listRubrics(v)[0]?.effectiveFrom ?? "";
  return dirs.sort((a, b) => from(a).localeCompare(from(b)) || a.localeCompare(b));
}

/** Every rubric of a version (or of all versions), validated, ordered by version then set. */
export function listRubrics(version?: string): RubricFile[] {
  const versions = version ? [version] : Object.keys(RUBRIC_DATA).sort();
  const out: RubricFile[] = [];
  for (const v of versions) {
    if (!Object.hasOwn(RUBRIC_DATA, v)) throw new RubricError(`no rubric version ${v}`);
    const ids = Object.keys(RUBRIC_DATA[v]!)
      .map(Number)
      .sort((a, b) => a - b);
    for (const id of ids) out.push(loadRubric(v, id));
  }
  return out;
}

/**
 * The rubric a dossier of this criteria set is scored with on a given calendar date ("YYYY-MM-DD"): the
 * version whose effective period contains the date. Transitional cases (Art. 12: dossiers filed before the
 * decision took effect keep the old rules) are the caller's to decide by passing the filing date.
 */
export function rubricFor(setId: number, onDate: string): RubricFile | undefined {
  return listRubrics()
    .filter((r) => r.setId === setId && r.effectiveFrom <= onDate && (r.effectiveTo === null || onDate <= r.effectiveTo))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
}

/** A rubric version as people know it: the decision it transcribes ("Quyết định số 26/2026/QĐ-TTg …"), not its folder name. */
export function rubricVersionBasis(version: string): { vi: string; en: string } {
  const first = Object.hasOwn(RUBRIC_DATA, version) ? listRubrics(version)[0] : undefined;
  return first ? first.legalBasis : { vi: version, en: version };
}
