import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { csvResponse } from "../../lib/csv.js";
import { wantsJson } from "../../lib/negotiate.js";
import { vnToday } from "../../lib/dates.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { parseInput } from "../../lib/validation.js";
import { AppError, notFound } from "../../lib/problem.js";
import { idParam, publicFrame } from "../../web/page.js";
import { didDocument, jwks } from "./render/did.js";
import { didWebOf, installedCredentialSigner } from "./runtime/credential-key.js";
import { VC_JWT_MEDIA_TYPE } from "./runtime/vc-jwt.js";
import { RegistryQuery } from "./inputs.js";
import { certificateExists, decisionRow, openFigures, publicCertificate, publishedCredentialKeys, searchRegistry, storedCredential, storedStatusList } from "./queries.js";
import { STATUS_PURPOSES, type StatusPurpose } from "./schema.js";
import { issueCredentials } from "./services/credentials.js";
import { getDecision } from "./services/decisions.js";
import { certificatePage } from "./views/certificate.js";
import { registryPage } from "./views/registry.js";

/*
 * The public face of certification: a certificate's verification page (/c/{id}, HTML or JSON on the same URL,
 * or its verifiable credential by content negotiation), its PDF, the issuer's keys and status lists, and the
 * registry of certified products with CSV export. No sign-in; served by the Worker too (the PDF aside).
 */

const CERT = { vi: "giấy chứng nhận", en: "The certificate" };
const certificateId = (c: Context<AppEnv>) => idParam(c, "id", CERT);

const registryQuery = (c: Context<AppEnv>) => {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  return { raw, query: parseInput(RegistryQuery, raw) };
};

/** The VC-JOSE media type, and the unsecured credential's (VC 2.0 `application/vc`; vc+ld+json of earlier drafts). */
const wantsVcJwt = (accept: string | undefined) => /application\/vc\+jwt/.test(accept ?? "");
const wantsVc = (accept: string | undefined) => /application\/vc(\+ld\+json)?\s*(;|,|$)/.test(accept ?? "");

/**
 * The certificate's stored vc+jwt. One issued before credentials existed is signed here on Node (which holds
 * the key; the hourly job does the same for all); the Worker, which holds none, answers 404 until then.
 */
async function credentialOf(c: Context<AppEnv>, id: number): Promise<string> {
  const db = c.var.deps.database.db;
  const stored = await storedCredential(db, id);
  if (stored) return stored;
  if (!(await certificateExists(db, id))) throw notFound(CERT);
  if (installedCredentialSigner()) {
    await db.transaction((tx) => issueCredentials(tx, [id], c.var.deps.now()));
    const issued = await storedCredential(db, id);
    if (issued) return issued;
  }
  throw new AppError(404, "credential-not-issued", { vi: "Chưa có giấy chứng nhận điện tử", en: "No credential yet" }, {
    vi: `Giấy chứng nhận số ${id} chưa có bản điện tử có chữ ký số; vui lòng thử lại sau.`,
    en: `Certificate ${id} has no signed credential yet; please try again later.`,
  });
}

const vcJwtResponse = (jws: string, headers: Record<string, string>) => new Response(jws, { status: 200, headers: { "content-type": VC_JWT_MEDIA_TYPE, ...headers } });

/** Mounted at / (the short public URLs /c/… and /registry…); no sign-in, served by the Worker too. */
export const certificatesPublic = new Hono<AppEnv>()
  .get("/c/:id{[0-9]+}", async (c) => {
    const accept = c.req.header("accept");
    if (wantsVcJwt(accept) || wantsVc(accept)) {
      const id = certificateId(c);
      const jws = await credentialOf(c, id);
      // A credential is signed once; its status is in the status list, not in these bytes.
      const headers = { vary: "accept", "cache-control": "public, max-age=3600" };
      if (wantsVcJwt(accept)) return vcJwtResponse(jws, headers);
      return new Response(Buffer.from(jws.split(".")[1]!, "base64url"), { status: 200, headers: { "content-type": "application/vc", ...headers } });
    }
    const cert = await publicCertificate(c.var.deps.database.db, certificateId(c), c.var.deps.now(), c.var.deps.config.publicBaseUrl);
    c.header("vary", "accept");
    // Status changes with the calendar and with decisions: a short shared cache, never a stale day.
    c.header("cache-control", "public, max-age=60");
    if (wantsJson(c.req.header("accept"))) return c.json(cert, 200);
    return c.html(certificatePage({ ...publicFrame(c), cert }), 200);
  })
  .get("/c/:id{[0-9]+}/credential.jwt", async (c) => {
    const id = certificateId(c);
    const jws = await credentialOf(c, id);
    return vcJwtResponse(jws, { "content-disposition": `attachment; filename="giay-chung-nhan-ocop-${id}.jwt"`, "cache-control": "public, max-age=3600" });
  })
  // Bitstring Status List v1.0: one list per recognising authority (its unit) and purpose.
  .get("/status/:unitId{[0-9]+}/:purpose", async (c) => {
    const purpose = c.req.param("purpose");
    const what = { vi: "danh sách trạng thái", en: "The status list" };
    if (!(STATUS_PURPOSES as readonly string[]).includes(purpose)) throw notFound(what);
    const unitId = idParam(c, "unitId", what);
    const list = await storedStatusList(c.var.deps.database.db, unitId, purpose as StatusPurpose);
    if (!list) throw notFound(what);
    // Re-signed in the transaction of each change: a minute's cache, like the certificate page.
    return vcJwtResponse(list.jws, { "cache-control": "public, max-age=60", "last-modified": list.updatedAt.toUTCString() });
  })
  // did:web of PUBLIC_BASE_URL: every key that ever signed a credential, retired ones included.
  .get("/.well-known/did.json", async (c) => {
    const keys = await publishedCredentialKeys(c.var.deps.database.db);
    c.header("cache-control", "public, max-age=300");
    return c.json(didDocument(didWebOf(c.var.deps.config.publicBaseUrl), keys), 200, { "content-type": "application/did+ld+json" });
  })
  .get("/.well-known/jwks.json", async (c) => {
    const keys = await publishedCredentialKeys(c.var.deps.database.db);
    c.header("cache-control", "public, max-age=300");
    return c.json(jwks(didWebOf(c.var.deps.config.publicBaseUrl), keys), 200, { "content-type": "application/jwk-set+json" });
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
