import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const CRUISE = join(ROOT, "node_modules/.bin/depcruise");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");

type Violation = { rule: { name: string }; from: string; to: string };

/** Runs the project's boundary check in `cwd` and returns what it reports (it exits 1 when it finds any). */
async function cruise(cwd: string): Promise<Violation[]> {
  const out = await run(CRUISE, ["src", "--config", CONFIG, "--output-type", "json"], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("the boundary check (.dependency-cruiser.cjs)", () => {
  it("passes on the project's own src/", async () => {
    const violations = await cruise(ROOT);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 120_000);

  describe("on a small tree with one wrong import of each kind", () => {
    let dir: string;
    let found: Violation[];
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ocop-boundaries-"));
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", jsx: "react-jsx", jsxImportSource: "hono/jsx" } }));
      file("src/lib/i18n.ts", "export const t = 1;\n");
      file("src/db/client.ts", "export type Db = unknown;\n");
      file("src/modules/units/index.ts", 'export { unitName } from "./service.js";\n');
      file("src/modules/units/service.ts", 'export const unitName = "x";\n');
      file("src/modules/units/schema.ts", "export const adminUnits = {};\n");
      file("src/modules/stamps/index.ts", 'export { scan } from "./service.js";\n');
      file("src/modules/stamps/service.ts", 'import { unitName } from "../units/index.js";\nexport const scan = unitName;\n');
      // 1. into another area's internals; 2. an upward call (units is below stamps)
      file("src/modules/units/pages.tsx", 'import { scan } from "../stamps/service.js";\nimport { scan as s2 } from "../stamps/index.js";\nexport const p = [scan, s2];\n');
      // 3. SQL in a page file
      file("src/modules/stamps/pages.tsx", 'import { sql } from "drizzle-orm";\nexport const q = sql`select 1`;\n');
      // 4. the domain importing I/O; 5. the page kit importing the database and an area
      file("src/domain/rule.ts", 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n');
      file("src/web/layout.tsx", 'import type { Db } from "../db/client.js";\nimport { unitName } from "../modules/units/index.js";\nexport const l: [Db?, string?] = [undefined, unitName];\n');
      // 6. a cycle outside the schema files
      file("src/lib/a.ts", 'import { b } from "./b.js";\nexport const a = () => b;\n');
      file("src/lib/b.ts", 'import { a } from "./a.js";\nexport const b = () => a;\n');
      // allowed: the foreign-key loop among schema.ts files
      file("src/modules/accounts/schema.ts", 'import { points } from "../retail/schema.js";\nexport const users = () => points;\n');
      file("src/modules/retail/schema.ts", 'import { users } from "../accounts/schema.js";\nexport const points = () => users;\n');
      found = await cruise(dir);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const has = (rule: string, from: string, to: string) => found.some((v) => v.rule.name === rule && v.from === from && v.to === to);

    it("refuses an import of another area's internal file", () => {
      expect(has("door-only", "src/modules/units/pages.tsx", "src/modules/stamps/service.ts")).toBe(true);
    });
    it("refuses a call up the lifecycle, even through the door", () => {
      expect(has("areas-call-downwards:units", "src/modules/units/pages.tsx", "src/modules/stamps/index.ts")).toBe(true);
      // downwards is fine
      expect(found.some((v) => v.from === "src/modules/stamps/service.ts")).toBe(false);
    });
    it("refuses drizzle-orm outside schema, queries and services", () => {
      expect(found.some((v) => v.rule.name === "sql-in-its-places" && v.from === "src/modules/stamps/pages.tsx")).toBe(true);
    });
    it("keeps the domain pure and the page kit away from the database and the areas", () => {
      expect(found.some((v) => v.rule.name === "domain-is-pure" && v.from === "src/domain/rule.ts")).toBe(true);
      expect(has("web-is-a-kit", "src/web/layout.tsx", "src/db/client.ts")).toBe(true);
      expect(has("web-is-a-kit", "src/web/layout.tsx", "src/modules/units/index.ts")).toBe(true);
    });
    it("refuses a cycle, but not the foreign-key loop among schema.ts files", () => {
      expect(found.some((v) => v.rule.name === "no-circular" && v.from === "src/lib/a.ts")).toBe(true);
      expect(found.some((v) => v.rule.name === "no-circular" && v.from.endsWith("/schema.ts"))).toBe(false);
    });
  });
});

describe("the floor plan of an area", () => {
  // The names a newcomer can expect in every src/modules/<area>/ (README, "Architecture").
  const FILES = /^(index|schema|inputs|service|queries|api|pages|public)\.tsx?$/;
  const FOLDERS = new Set(["services", "queries", "views", "runtime", "pdf", "render", "data"]);

  it("gives every area a door and only the floor plan's names", () => {
    const modules = join(ROOT, "src/modules");
    const odd: string[] = [];
    for (const area of readdirSync(modules, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const entries = readdirSync(join(modules, area.name), { withFileTypes: true });
      if (!entries.some((e) => e.name === "index.ts")) odd.push(`${area.name}: no index.ts`);
      for (const e of entries) {
        if (e.isDirectory() ? !FOLDERS.has(e.name) : !FILES.test(e.name)) odd.push(`${area.name}/${e.name}`);
      }
    }
    expect(odd).toEqual([]);
  });
});
