import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { wantsJson } from "../../lib/negotiate.js";
import { AppError, notFound } from "../../lib/problem.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { publicFrame } from "../../web/page.js";
import { listOpenDataDays, openDataFile, openDataManifest } from "./queries/open-data.js";
import { idsFromText, lookUp, lookupPdf } from "./services/lookup.js";
import { OPEN_DATA_FILE_NAMES } from "./inputs.js";
import { openDataPage } from "./views/open-data.js";
import { statusPage } from "./views/status.js";

/*
 * The public faces of issue 19's checks: the shops' bulk status page (/registry/status, with its PDF) and the
 * daily open data (/open-data/…). No sign-in; mounted before the session middleware.
 */

const IMMUTABLE = "public, max-age=31536000, immutable";
const PAGE_SIZE = 30;

function bytesResponse(c: Context<AppEnv>, row: { bytes: Uint8Array; sha256: string }, contentType: string): Response {
  // Strong ETag: the file's SHA-256, which is also its line in the manifest; the bytes never change.
  const etag = `"${row.sha256}"`;
  const headers = { etag, "cache-control": IMMUTABLE, "content-type": contentType, "x-content-sha256": row.sha256 };
  const inm = c.req.header("if-none-match");
  if (inm && inm.split(",").some((t) => t.trim() === etag || t.trim() === "*")) return new Response(null, { status: 304, headers });
  return new Response(row.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, "content-length": String(row.bytes.byteLength) } });
}

const dayOf = (c: Context<AppEnv>) => {
  const day = c.req.param("day") ?? "";
  // A day that does not exist (2026-13-45, year 0) is a 404 here, never a date PostgreSQL refuses with a 500.
  if (!isoDateSchema.safeParse(day).success || day.startsWith("0000")) throw notFound({ vi: "ngày công bố", en: "The published day" });
  return day;
};

async function formIds(c: Context<AppEnv>): Promise<{ ids: string[]; typed: string; format: string }> {
  const form = await c.req.parseBody();
  const typed = typeof form["ids"] === "string" ? form["ids"] : "";
  const file = await readMultipartFile(form["file"]);
  const text = [typed, file ? new TextDecoder().decode(file.bytes) : ""].filter(Boolean).join("\n");
  return { ids: idsFromText(text), typed, format: form["format"] === "pdf" ? "pdf" : "html" };
}

/** Mounted at / (before the session). */
export const opendataPublic = new Hono<AppEnv>()
  .get("/registry/status", (c) => c.html(statusPage({ ...publicFrame(c), ids: "" }), 200))
  .post("/registry/status", async (c) => {
    const { ids, typed, format } = await formIds(c);
    try {
      const lookup = await lookUp(c, ids);
      if (format === "pdf") return await lookupPdf(lookup);
      return c.html(statusPage({ ...publicFrame(c), ids: typed || ids.join("\n"), answer: lookup.answer, sha256: lookup.sha256 }), 200, { "cache-control": "no-store" });
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return c.html(statusPage({ ...publicFrame(c), ids: typed, error: err }), 400);
      throw err;
    }
  })
  .post("/registry/status.pdf", async (c) => {
    const { ids } = await formIds(c);
    return lookupPdf(await lookUp(c, ids));
  })
  .get("/open-data", (c) => c.redirect("/open-data/", 301))
  .get("/open-data/", async (c) => {
    const offset = Math.max(0, Math.min(1_000_000, Number(c.req.query("offset") ?? 0) || 0));
    const result = await listOpenDataDays(c.var.deps.database.db, PAGE_SIZE, offset);
    c.header("cache-control", "public, max-age=300");
    c.header("vary", "accept");
    if (wantsJson(c.req.header("accept"))) return c.json({ ...result, limit: PAGE_SIZE, offset, files: OPEN_DATA_FILE_NAMES }, 200);
    return c.html(openDataPage({ ...publicFrame(c), result, limit: PAGE_SIZE, offset, files: OPEN_DATA_FILE_NAMES }), 200);
  })
  .get("/open-data/:day/manifest.json", async (c) => {
    const row = await openDataManifest(c.var.deps.database.db, dayOf(c));
    if (!row) throw notFound({ vi: "bản kê của ngày này", en: "The day's manifest" });
    return bytesResponse(c, row, "application/json");
  })
  .get("/open-data/:day/:file", async (c) => {
    const name = c.req.param("file");
    const row = OPEN_DATA_FILE_NAMES.includes(name) ? await openDataFile(c.var.deps.database.db, dayOf(c), name) : undefined;
    if (!row) throw notFound({ vi: "tệp dữ liệu mở", en: "The open-data file" });
    return bytesResponse(c, row, row.contentType);
  });
