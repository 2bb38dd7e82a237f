import { Hono } from "hono";
import { and, asc, eq } from "drizzle-orm";
import type { AppEnv } from "../../http/env.js";
import { criteriaSetLabel } from "../../domain/product-categories.js";
import { formatDate } from "../../lib/i18n.js";
import { notFound } from "../../lib/problem.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import { productCertificate } from "../certificates/index.js";
import { producers } from "../producers/schema.js";
import { productionLots } from "../stamps/schema.js";
import { adminUnits } from "../units/schema.js";
import { productPhotos, products } from "./schema.js";

/*
 * A product's public page (/p/{id}): what GS1 Digital Link calls its product information page. Only what the
 * product publishes: name, photo, group, producer and commune, standards, story, its OCOP certificate and,
 * when asked for, one production lot's dates. Certified products only; others are not public.
 */
export const publicProductPage = new Hono<AppEnv>().get("/p/:id{[0-9]+}", async (c) => {
  const db = c.var.deps.database.db;
  const id = Number(c.req.param("id"));
  const [r] = await db
    .select({ p: products, producer: producers.name, address: producers.address, commune: adminUnits.name })
    .from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(eq(products.id, id))
    .limit(1);
  const cert = r ? await productCertificate(db, r.p.id, c.var.deps.now()) : undefined;
  if (!r || !cert) throw notFound({ vi: "sản phẩm OCOP", en: "The OCOP product" });
  const lotNumber = c.req.query("lot");
  const [lot] = lotNumber ? await db.select().from(productionLots).where(and(eq(productionLots.productId, id), eq(productionLots.lotNumber, lotNumber))).limit(1) : [];
  const [photo] = await db.select({ id: productPhotos.id }).from(productPhotos).where(eq(productPhotos.productId, id)).orderBy(asc(productPhotos.id)).limit(1);
  const L = c.var.locale;
  return c.html(
    renderPage(
      <Layout title={{ vi: r.p.name, en: r.p.name }} locale={L} principal={c.var.auth?.principal ?? null} csrfToken={c.var.csrfToken} path={c.req.path}>
        {photo ? <img src={`/products/${id}/photos/${photo.id}.webp`} alt={r.p.name} class="photo" /> : null}
        <p class="stars">{`OCOP ${"★".repeat(cert.cert.stars)} · ${t(L, cert.state.label)}`}</p>
        <table>
          <tbody>
            <tr>
              <th>{t(L, { vi: "Nhóm sản phẩm", en: "Product group" })}</th>
              <td>{criteriaSetLabel(r.p.criteriaSetId, L)}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Chủ thể", en: "Producer" })}</th>
              <td>{`${r.producer} — ${r.address}`}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Xã", en: "Commune" })}</th>
              <td>{r.commune}</td>
            </tr>
            {r.p.gtin ? (
              <tr>
                <th>GTIN</th>
                <td>{r.p.gtin}</td>
              </tr>
            ) : null}
            {r.p.standards ? (
              <tr>
                <th>{t(L, { vi: "Tiêu chuẩn áp dụng", en: "Standards applied" })}</th>
                <td>{r.p.standards}</td>
              </tr>
            ) : null}
            {lot ? (
              <tr>
                <th>{t(L, { vi: `Lô ${lot.lotNumber}`, en: `Lot ${lot.lotNumber}` })}</th>
                <td>{`${t(L, { vi: "sản xuất", en: "produced" })} ${formatDate(lot.producedOn)}${lot.expiresOn ? ` · ${t(L, { vi: "hạn dùng", en: "best before" })} ${formatDate(lot.expiresOn)}` : ""}`}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {r.p.description ? <p>{r.p.description}</p> : null}
        <p>
          <a href={`/c/${cert.cert.id}`}>{t(L, { vi: "Giấy chứng nhận OCOP →", en: "OCOP certificate →" })}</a>
        </p>
      </Layout>,
    ),
    200,
  );
});
