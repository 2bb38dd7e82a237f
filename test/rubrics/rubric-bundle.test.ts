import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUBRIC_DATA } from "../../src/modules/rubrics/data/bundle.js";

const DATA = new URL("../../src/modules/rubrics/data/", import.meta.url);

describe("the bundled rubric data (JSON imports, the Worker reads no file)", () => {
  it("holds every rubric file of the data folder, byte for byte the parsed file, and nothing else", () => {
    const onDisk: Record<string, Record<number, unknown>> = {};
    for (const v of readdirSync(DATA, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      onDisk[v.name] = {};
      for (const f of readdirSync(new URL(`${v.name}/`, DATA))) {
        const m = /^set-(\d{2})\.json$/.exec(f);
        if (m) onDisk[v.name]![Number(m[1])] = JSON.parse(readFileSync(new URL(`${v.name}/${f}`, DATA), "utf8"));
      }
    }
    expect(Object.keys(onDisk).length).toBeGreaterThan(0);
    expect(RUBRIC_DATA).toEqual(onDisk);
  });
});
