import { createTestApp } from "./support/harness.js";
import { seedDemoIfEmpty } from "../scripts/seed-demo.js";
import { createLogger } from "../src/lib/logger.js";
import { signIn } from "./support/fixtures.js";
const t = await createTestApp();
const now = new Date("2026-11-23T02:00:00Z"); t.clock.set(now);
await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now, stamps: { publicBaseUrl: "http://x", stampKey: t.deps.config.secrets.stampKey } });
const s = await signIn(t.app, "admin", (await import("../scripts/seed-demo.js")).DEMO_PASSWORD);
const html = await (await t.app.request("/admin/audit", { headers: { cookie: s.cookie } })).text();
for (const w of ["status", "from", "commune", "district", "province"]) { const re = new RegExp(`.{0,120}\\b${w}\\b.{0,60}`, "g"); console.log(w, (html.match(re) ?? []).slice(0, 3)); }
await t.close();
