import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DOSSIER_ACTIONS } from "../../src/domain/dossier-workflow.js";
import { IDEA_ACTIONS } from "../../src/domain/idea-workflow.js";
import { PLAN_ACTIONS } from "../../src/domain/plan-workflow.js";
import { ACTION_LABELS, SUBJECT_LABELS } from "../../src/modules/audit/views/labels.js";

/*
 * Issue 16, finding 4: the audit log names every action in words. This reads every `audit(tx, …)` and
 * `writeAudit(tx, …)` call in src/ and scripts/ and collects the action codes it can write: string literals
 * (both arms of a conditional too) and the workflow templates (`idea.${action}` → every idea action).
 */

const ROOT = resolve(import.meta.dirname, "../..");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
const TEMPLATES: Record<string, readonly string[]> = { idea: IDEA_ACTIONS, plan: PLAN_ACTIONS, dossier: DOSSIER_ACTIONS };

function writtenCodes(): { codes: Set<string>; subjects: Set<string>; unread: string[] } {
  const codes = new Set<string>();
  const subjects = new Set<string>();
  const unread: string[] = [];
  for (const file of [...files(join(ROOT, "src")), ...files(join(ROOT, "scripts"))]) {
    const text = readFileSync(file, "utf8");
    for (const call of text.matchAll(/\b(?:writeAudit|audit)\(\s*(?:tx|trx|db)\s*,/g)) {
      const seg = text.slice(call.index! + call[0].length, call.index! + call[0].length + 900);
      const subject = /subjectType:\s*"([a-z_]+)"/.exec(seg);
      if (subject) subjects.add(subject[1]!);
      const m = /\baction:\s*([^\n]+?)(?:,\s*(?:subjectType|$)|,?\s*$)/m.exec(seg);
      if (!m) continue; // the kernel's own pass-through (`{ ...change }`)
      const expr = m[1]!;
      if (/^entry\.action$/.test(expr)) continue;
      const template = /^`([a-z_]+)\.\$\{([^}]*)\}`$/.exec(expr);
      const literals = [...expr.matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g)].map((x) => x[1]!);
      const inTemplate = template ? [...template[2]!.matchAll(/"([a-z_]+)"/g)].map((x) => `${template[1]}.${x[1]}`) : [];
      if (template && !inTemplate.length) {
        const list = TEMPLATES[template[1]!];
        if (!list) unread.push(`${file}: ${expr}`);
        else for (const a of list) codes.add(`${template[1]}.${a}`);
      } else if (literals.length || inTemplate.length) {
        for (const c of [...literals, ...inTemplate]) codes.add(c);
      } else unread.push(`${file}: ${expr}`);
    }
  }
  return { codes, subjects, unread };
}

describe("the audit log's labels", () => {
  const found = writtenCodes();

  it("reads every action the code base writes (none it cannot name)", () => {
    expect(found.unread).toEqual([]);
    expect(found.codes.size).toBeGreaterThan(70);
    expect(Object.keys(ACTION_LABELS).filter((c) => !found.codes.has(c))).toEqual([]);
    // The scan finds the calls at all: a few codes known to be written.
    for (const c of ["stamps.print", "idea.commune_forward", "certificate.revoke", "round.chair_note", "round.elimination_withdrawn", "retail_point.create"]) expect(found.codes).toContain(c);
  });

  it("has a Vietnamese and an English label for every action code written", () => {
    const missing = [...found.codes].filter((c) => !ACTION_LABELS[c]);
    expect(missing).toEqual([]);
    for (const c of found.codes) {
      expect(ACTION_LABELS[c]!.vi).not.toBe(c);
      expect(ACTION_LABELS[c]!.vi.length).toBeGreaterThan(3);
    }
  });

  it("names every kind of subject in words", () => {
    expect([...found.subjects].filter((s) => !SUBJECT_LABELS[s])).toEqual([]);
  });
});
