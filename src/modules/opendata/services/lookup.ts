import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../../../http/env.js";
import { enforceLimit } from "../../../http/rate-limits.js";
import { canonicalJson } from "../../../lib/canonical-json.js";
import { pdfResponse } from "../../../lib/pdf/response.js";
import { parseInput } from "../../../lib/validation.js";
import { StatusRequest, type StatusAnswer } from "../inputs.js";
import { bulkStatus } from "../queries/status.js";

/*
 * One lookup, three faces: the JSON (its canonical form, so the bytes a client receives are the bytes hashed),
 * the page, and the PDF that prints the hash and carries the same JSON as its attachment.
 */

export type Lookup = { answer: StatusAnswer; json: string; sha256: string };

/** Validates the ids (1–1,000), counts the request against the client's lookup budget and answers. */
export async function lookUp(c: Context<AppEnv>, ids: unknown): Promise<Lookup> {
  await enforceLimit(c, "status");
  const input = parseInput(StatusRequest, { ids });
  const answer = await bulkStatus(c.var.deps.database.db, input.ids, c.var.deps.now(), c.var.deps.config.publicBaseUrl);
  const json = canonicalJson(answer);
  return { answer, json, sha256: createHash("sha256").update(json, "utf8").digest("hex") };
}

export function lookupJson(l: Lookup): Response {
  return new Response(l.json, {
    status: 200,
    headers: {
      "content-type": "application/json",
      // RFC 9530: the digest of exactly these bytes, the one the PDF of the same answer prints.
      "content-digest": `sha-256=:${Buffer.from(l.sha256, "hex").toString("base64")}:`,
      "cache-control": "no-store",
    },
  });
}

export async function lookupPdf(l: Lookup): Promise<Response> {
  const { statusPdf } = await import("../pdf/status.js");
  const res = pdfResponse(statusPdf(l.answer, l.json, l.sha256), `tra-cuu-ocop-${l.answer.asOf}.pdf`, "no-store");
  res.headers.set("x-answer-sha256", l.sha256);
  return res;
}

/** The ids of a pasted list or an uploaded CSV: one per line, the first column of each; a header line is skipped. */
export function idsFromText(text: string): string[] {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const ids = lines
    .map((line) => (line.split(/[,;\t]/)[0] ?? "").trim().replace(/^"(.*)"$/, "$1").replace(/^'/, "").trim())
    .filter((s) => s !== "");
  // A CSV's header ("so_giay_chung_nhan", "ma") names no id: no digit in it.
  if (ids.length && !/\d/.test(ids[0]!)) ids.shift();
  return ids;
}
