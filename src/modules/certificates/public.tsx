import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { csvResponse } from "../../lib/csv.js";
import { wantsJson } from "../../lib/negotiate.js";
import { vnToday } from "../../lib/dates.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { parseInput } from "../../lib/validation.js";
import { idParam, publicFrame } from "../../web/page.js";
import { RegistryQuery } from "./inputs.js";
import { decisionRow, openFigures, publicCertificate, searchRegistry } from "./queries.js";
import { getDecision } from "./services/decisions.js";
import { certificatePage } from "./views/certificate.js";
import { registryPage } from "./views/registry.js";

/*
 * The public face of certification: a certificate's verification page (/c/{id}, HTML or JSON on the same URL),
 * its PDF, and the registry of certified products with CSV export. No sign-in; served by the Worker too.
 */

const CERT = { vi: "giấy chứng nhận", en: "The certificate" };
const certificateId = (c: Context<AppEnv>) => idParam(c, "id", CERT);

const registryQuery = (c: Context<AppEnv>) => {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  return { raw, query: parseInput(RegistryQuery, raw) };
};

/** Mounted at / (the short public URLs /c/… and /registry…); no sign-in, served by the Worker too. */
export const certificatesPublic = new Hono<AppEnv>()
  .get("/c/:id{[0-9]+}", async (c) => {
    const cert = await publicCertificate(c.var.deps.database.db, certificateId(c), c.var.deps.now(), c.var.deps.config.publicBaseUrl);
    c.header("vary", "accept");
    // Status changes with the calendar and with decisions: a short shared cache, never a stale day.
    c.header("cache-control", "public, max-age=60");
    if (wantsJson(c.req.header("accept"))) return c.json(cert, 200);
    return c.html(certificatePage({ ...publicFrame(c), cert }), 200);
  })
  .get("/registry", async (c) => {
    const { raw, query } = registryQuery(c);
    const db = c.var.deps.database.db;
    const [result, figures] = await Promise.all([searchRegistry(db, query, c.var.deps.now()), openFigures(db, c.var.deps.now())]);
    const csvHref = `/registry.csv?${new URLSearchParams(raw as Record<string, string>).toString()}`;
    return c.html(registryPage({ ...publicFrame(c), q: raw as Record<string, string>, result, csvHref, figures }), 200);
  })
  .get("/registry.csv", async (c) => {
    const { query } = registryQuery(c);
    const result = await searchRegistry(c.var.deps.database.db, { ...query, limit: 100_000, offset: 0 }, c.var.deps.now());
    return csvResponse(
      "so-san-pham-ocop.csv",
      ["so_giay_chung_nhan", "san_pham", "chu_the", "xa", "huyen_cu", "nhom", "sao", "trang_thai", "ngay_quyet_dinh", "hieu_luc_den"],
      result.items.map((i) => [i.id, i.productName, i.producerName, i.commune, i.district, i.group, i.stars, i.statusLabel.vi, i.decidedOn, i.validUntil]),
    );
  });

/** The certificate's PDF, mounted at /c: Node only (pdfkit reads its fonts from node_modules), so not on the Worker. */
export const certificatePdfs = new Hono<AppEnv>().get("/:id{[0-9]+}/certificate.pdf", async (c) => {
  const cert = await publicCertificate(c.var.deps.database.db, certificateId(c), c.var.deps.now(), c.var.deps.config.publicBaseUrl);
  const { certificatePdf } = await import("./pdf/certificate.js");
  return pdfResponse(certificatePdf(cert, vnToday(c.var.deps.now())), `giay-chung-nhan-ocop-${cert.id}.pdf`, "public, max-age=60");
});

/** A decision's annex (the list of its certificates), mounted at /decisions; Node only like the certificate's PDF. */
export const decisionPdfs = new Hono<AppEnv>().get("/:id{[0-9]+}/annex.pdf", async (c) => {
  const id = idParam(c, "id", { vi: "quyết định", en: "The decision" });
  const db = c.var.deps.database.db;
  const { certificates: certs, ...d } = await getDecision({ ctx: { db, principal: null, now: c.var.deps.now() }, input: { decisionId: id } });
  const row = await decisionRow(db, d.id);
  const { annexPdf } = await import("./pdf/annex.js");
  return pdfResponse(annexPdf(row!, certs, c.var.deps.config.publicBaseUrl), `phu-luc-quyet-dinh-${d.id}.pdf`, "public, max-age=300");
});
