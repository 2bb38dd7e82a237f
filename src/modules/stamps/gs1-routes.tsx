import { Hono, type Context } from "hono";
import { and, eq } from "drizzle-orm";
import type { AppEnv } from "../../http/env.js";
import { parseDigitalLink, type DigitalLink } from "../../domain/gs1.js";
import { parseStampCode } from "../../domain/stamp-code.js";
import { badRequest, notFound } from "../../lib/problem.js";
import { productCertificate } from "../certificates/index.js";
import { products } from "../products/schema.js";
import { productionLots, stampBatches, stamps } from "./schema.js";
import { serialIs } from "./queries/serial-match.js";
import { stampRuntime } from "./runtime/stamp-runtime.js";

/*
 * A GS1 Digital Link resolver for products with a GTIN (GS1 Digital Link 1.4, GS1-Conformant Resolver 1.1):
 *   /01/{gtin}                 → the product's public page (gs1:pip)
 *   /01/{gtin}/10/{lot}        → the same, for that lot
 *   /01/{gtin}/21/{stamp code} → the stamp's scan page (its serial is our stamp code)
 * 307 to the default link; the RFC 9264 linkset with ?linkType=linkset or Accept: application/linkset+json;
 * ?linkType=gs1:… picks one link; 400 (problem+json) on a malformed URI; /.well-known/gs1resolver describes it.
 */

const GS1 = "https://gs1.org/voc/";
type Link = { type: string; href: string; title: string; hreflang: string[]; mime: string };

async function resolve(c: Context<AppEnv>, dl: DigitalLink): Promise<{ anchor: string; links: Link[]; defaultHref: string }> {
  const db = c.var.deps.database.db;
  const base = c.var.deps.config.publicBaseUrl;
  const [p] = await db.select({ id: products.id, name: products.name }).from(products).where(eq(products.gtin, dl.gtin)).limit(1);
  if (!p) throw notFound({ vi: `sản phẩm có GTIN ${dl.gtin}`, en: `A product with GTIN ${dl.gtin}` });
  const anchor = `${base}/01/${dl.gtin}${dl.lot ? `/10/${encodeURIComponent(dl.lot)}` : ""}${dl.serial ? `/21/${encodeURIComponent(dl.serial)}` : ""}`;
  const links: Link[] = [];
  if (dl.lot) {
    const [lot] = await db.select({ id: productionLots.id }).from(productionLots).where(and(eq(productionLots.productId, p.id), eq(productionLots.lotNumber, dl.lot))).limit(1);
    if (!lot) throw notFound({ vi: `lô ${dl.lot}`, en: `Lot ${dl.lot}` });
  }
  let scanHref: string | null = null;
  if (dl.serial) {
    const parsed = parseStampCode(dl.serial, stampRuntime(c.var.deps).stampKeys);
    if (!parsed.ok) throw notFound({ vi: "tem có số sê-ri này", en: "A stamp with this serial" });
    const [s] = await db.select({ productId: stampBatches.productId }).from(stamps).innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId)).where(serialIs(parsed.serial)).limit(1);
    if (!s || s.productId !== p.id) throw notFound({ vi: "tem có số sê-ri này cho GTIN này", en: "A stamp with this serial for this GTIN" });
    scanHref = `${base}/s/${parsed.code}`;
    links.push({ type: "gs1:verificationService", href: scanHref, title: "Kiểm tra tem OCOP (verify the stamp)", hreflang: ["vi", "en"], mime: "text/html" });
  }
  const pip = `${base}/p/${p.id}${dl.lot ? `?lot=${encodeURIComponent(dl.lot)}` : ""}`;
  links.push({ type: "gs1:pip", href: pip, title: `${p.name} — thông tin sản phẩm (product information)`, hreflang: ["vi", "en"], mime: "text/html" });
  const cert = await productCertificate(db, p.id, c.var.deps.now());
  if (cert) links.push({ type: "gs1:certificationInfo", href: `${base}/c/${cert.cert.id}`, title: `Giấy chứng nhận OCOP ${cert.cert.stars} sao (OCOP certificate)`, hreflang: ["vi", "en"], mime: "text/html" });
  return { anchor, links, defaultHref: scanHref ?? pip };
}

function linkset(anchor: string, links: Link[], defaultHref: string) {
  const entry: Record<string, unknown> = { anchor };
  entry[`${GS1}defaultLink`] = [{ href: defaultHref, type: "text/html" }];
  for (const l of links) {
    const rel = `${GS1}${l.type.slice(4)}`;
    (entry[rel] ??= [] as unknown[]) as unknown[];
    (entry[rel] as unknown[]).push({ href: l.href, title: l.title, hreflang: l.hreflang, type: l.mime });
  }
  return { linkset: [entry] };
}

async function handle(c: Context<AppEnv>) {
  const parsed = parseDigitalLink(c.req.path);
  if (!parsed.ok) throw badRequest("gs1-malformed", { vi: "Đường dẫn GS1 Digital Link không hợp lệ", en: "Malformed GS1 Digital Link URI" }, parsed.message);
  const { anchor, links, defaultHref } = await resolve(c, parsed.link);
  const linkType = c.req.query("linkType");
  const accept = c.req.header("accept") ?? "";
  const linksetUrl = `${anchor}?linkType=linkset`;
  c.header("link", `<${linksetUrl}>; rel="linkset"; type="application/linkset+json"`);
  c.header("vary", "accept");
  if (linkType === "linkset" || linkType === "all" || /application\/linkset\+json/.test(accept)) {
    return c.body(JSON.stringify(linkset(anchor, links, defaultHref)), 200, { "content-type": "application/linkset+json" });
  }
  const chosen = linkType ? links.find((l) => l.type === linkType || `${GS1}${l.type.slice(4)}` === linkType) : undefined;
  return c.redirect(chosen?.href ?? defaultHref, 307);
}

export const gs1Routes = new Hono<AppEnv>()
  .get("/.well-known/gs1resolver", (c) =>
    c.json({
      name: "OCOP Hà Tĩnh — GS1 Digital Link resolver",
      resolverRoot: c.var.deps.config.publicBaseUrl,
      supportedPrimaryKeys: ["gtin"],
      supportedQualifiers: { gtin: ["10", "21"] },
      linkTypeDefaultCanBeLinkset: false,
      supportedLinkType: [`${GS1}pip`, `${GS1}certificationInfo`, `${GS1}verificationService`, `${GS1}defaultLink`],
      supportedContextValuesEnumerated: [],
      validatesSerialNumbers: true,
    }),
  )
  .get("/01/*", handle);
