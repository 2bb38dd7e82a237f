// madge's view of import cycles, as a second opinion beside dependency-cruiser's no-circular rule. The one loop
// allowed is among schema.ts files (foreign keys: role assignments → retail points → products → users), which
// drizzle's lazy references() tolerate. Any other cycle fails.
import madge from "madge";

const result = await madge("src", { fileExtensions: ["ts", "tsx"], tsConfig: "tsconfig.json" });
const cycles = result.circular();
const allowed = (cycle) => cycle.every((f) => /^modules\/[^/]+\/schema\.ts$/.test(f));
const bad = cycles.filter((c) => !allowed(c));
for (const c of cycles) console.log(`${allowed(c) ? "allowed" : "CYCLE"}: ${c.join(" > ")}`);
console.log(`${cycles.length} cycle(s), ${bad.length} outside the schema.ts foreign-key loop`);
process.exit(bad.length ? 1 : 0);
