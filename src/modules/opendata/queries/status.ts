import { asc, desc, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { standingCertificate, type CertificateState } from "../../../domain/certificate-status.js";
import { normaliseGtin } from "../../../domain/gs1.js";
import { parseProductCode } from "../../../domain/product-code.js";
import { vnToday } from "../../../lib/dates.js";
import { INT4_MAX } from "../../../lib/validation.js";
import { stateOf } from "../../certificates/index.js";
import { certificateEvents, certificates, recognitionDecisions } from "../../certificates/schema.js";
import { products } from "../../products/schema.js";
import type { StatusAnswer, StatusItem } from "../inputs.js";

/*
 * The bulk status lookup (POST /api/registry/status, the shops' page and its PDF): up to 1,000 certificate
 * numbers, product codes or GTINs answered in three queries whatever their number — the products named, the
 * certificates named or belonging to those products (with their decisions), and the events of all of them. The
 * status itself comes from certificate-status.ts through the certificates door's stateOf, as everywhere else.
 */

/** What an id can name: a product code (PP-CCCCC-NNN-YYYY), a GTIN with a valid check digit, or a certificate number. */
export type ParsedId = { kind: "product_code"; code: string } | { kind: "gtin"; gtin: string } | { kind: "certificate"; id: number } | { kind: "none" };

/**
 * A digit string with a valid GS1 check digit in a GTIN's length (8, 12, 13, 14) is read as a GTIN; other digit
 * strings as certificate numbers (Số GCN, the /c/{number} of the registry, small sequential integers).
 */
export function parseStatusId(raw: string): ParsedId {
  const s = raw.trim();
  if (parseProductCode(s).ok) return { kind: "product_code", code: s };
  if (/^\d+$/.test(s)) {
    const gtin = normaliseGtin(s);
    if (gtin) return { kind: "gtin", gtin };
    const n = s.length <= 10 ? Number(s) : NaN;
    if (Number.isSafeInteger(n) && n > 0 && n <= INT4_MAX) return { kind: "certificate", id: n };
  }
  return { kind: "none" };
}

type CertRow = typeof certificates.$inferSelect;
type DecisionRow = typeof recognitionDecisions.$inferSelect;
type EventRow = typeof certificateEvents.$inferSelect;

const NOT_CERTIFIED = { vi: "Chưa được công nhận OCOP", en: "Not OCOP-certified" };

export async function bulkStatus(db: DbOrTx, ids: readonly string[], now: Date, baseUrl: string): Promise<StatusAnswer> {
  const today = vnToday(now);
  const parsed = ids.map((raw) => ({ raw: raw.trim(), p: parseStatusId(raw) }));
  const codes = [...new Set(parsed.flatMap(({ p }) => (p.kind === "product_code" ? [p.code] : [])))];
  const gtins = [...new Set(parsed.flatMap(({ p }) => (p.kind === "gtin" ? [p.gtin] : [])))];
  const certIds = [...new Set(parsed.flatMap(({ p }) => (p.kind === "certificate" ? [p.id] : [])))];

  // 1. The products named by code or GTIN.
  const productRows =
    codes.length || gtins.length
      ? await db
          .select({ id: products.id, code: products.code, gtin: products.gtin, name: products.name })
          .from(products)
          .where(or(codes.length ? inArray(products.code, codes) : undefined, gtins.length ? inArray(products.gtin, gtins) : undefined))
      : [];
  const byCode = new Map(productRows.map((p) => [p.code, p]));
  const byGtin = new Map(productRows.filter((p) => p.gtin).map((p) => [p.gtin!, p]));
  const productIds = productRows.map((p) => p.id);

  // 2. The certificates named, and every certificate of the products named, with their decisions.
  const certRows =
    certIds.length || productIds.length
      ? await db
          .select({ c: certificates, d: recognitionDecisions })
          .from(certificates)
          .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
          .where(or(certIds.length ? inArray(certificates.id, certIds) : undefined, productIds.length ? inArray(certificates.productId, productIds) : undefined))
          .orderBy(desc(certificates.id))
      : [];

  // 3. Their events, in the order they were recorded.
  const events = new Map<number, EventRow[]>(certRows.map((r) => [r.c.id, []]));
  if (certRows.length) {
    const rows = await db.select().from(certificateEvents).where(inArray(certificateEvents.certificateId, [...events.keys()])).orderBy(asc(certificateEvents.id));
    for (const e of rows) events.get(e.certificateId)!.push(e);
  }

  const known = new Map<number, { c: CertRow; d: DecisionRow; state: CertificateState }>();
  const ofProduct = new Map<number, { c: CertRow; d: DecisionRow; state: CertificateState }[]>();
  for (const { c, d } of certRows) {
    const entry = { c, d, state: stateOf(c, events.get(c.id) ?? [], today) };
    known.set(c.id, entry);
    (ofProduct.get(c.productId) ?? ofProduct.set(c.productId, []).get(c.productId)!).push(entry);
  }
  // A product's answer is its newest certificate in force, else its newest (the stamp page's rule).
  const productAnswer = (productId: number) => {
    return standingCertificate(ofProduct.get(productId) ?? [], (x) => x.state.status);
  };

  const certItem = (id: string, matched: "certificate" | "product", e: { c: CertRow; d: DecisionRow; state: CertificateState }, gtin: string | null): StatusItem => ({
    id,
    matched,
    certificate: e.c.id,
    status: e.state.status,
    statusLabel: e.state.label,
    stars: e.c.stars,
    validity: { from: e.state.term.validFrom, expiresOn: e.state.term.expiresOn, validUntil: e.state.validUntil },
    decision: { number: e.d.number, decidedOn: e.d.decidedOn, authority: e.d.authorityName, authorityLevel: e.d.authorityLevel },
    product: { code: e.c.productCode, name: e.c.productName, gtin },
    producer: { name: e.c.producerName },
    url: `${baseUrl}/c/${e.c.id}`,
  });
  const none = (id: string): StatusItem => ({ id, matched: "none", certificate: null, status: null, statusLabel: null, stars: null, validity: null, decision: null, product: null, producer: null, url: null });

  const items = parsed.map(({ raw, p }): StatusItem => {
    if (p.kind === "certificate") {
      const e = known.get(p.id);
      return e ? certItem(raw, "certificate", e, null) : none(raw);
    }
    if (p.kind === "product_code" || p.kind === "gtin") {
      const product = p.kind === "product_code" ? byCode.get(p.code) : byGtin.get(p.gtin);
      if (!product) return none(raw);
      const e = productAnswer(product.id);
      if (e) return certItem(raw, "product", e, product.gtin);
      // A product in the programme but never recognised: said so, without its unpublished details.
      return { ...none(raw), matched: "product", status: "not_certified", statusLabel: NOT_CERTIFIED, product: { code: product.code, name: null, gtin: product.gtin } };
    }
    return none(raw);
  });
  return {
    registry: baseUrl,
    asOf: today,
    checkedAt: now.toISOString(),
    counts: {
      requested: items.length,
      certificates: items.filter((i) => i.matched === "certificate").length,
      products: items.filter((i) => i.matched === "product").length,
      notFound: items.filter((i) => i.matched === "none").length,
    },
    items,
  };
}
