import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUSES, type CertificateStatus } from "../../domain/certificate-status.js";
import { criteriaSetLabel, CRITERIA_SET_IDS } from "../../domain/product-categories.js";
import { csvResponse } from "../../lib/csv.js";
import { wantsJson } from "../../lib/negotiate.js";
import { vnToday } from "../../lib/dates.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { formatDate, formatNumber, type Bilingual, type Locale } from "../../lib/i18n.js";
import { notFound } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import { RegistryQuery, type CertificatePublic, type RegistryItem } from "./inputs.js";
import { publicCertificate, searchRegistry } from "./public-view.js";
import { getDecision } from "./decision-service.js";
import { recognitionDecisions } from "./schema.js";
import { eq } from "drizzle-orm";

/*
 * The public face of certification: a certificate's verification page (/c/{id}, HTML or JSON on the same URL),
 * its PDF, and the registry of certified products with CSV export. No sign-in; served by the Worker too.
 */

const TONE: Record<CertificateStatus, string> = { pending: "warn", valid: "ok", expiring: "warn", expired: "bad", suspended: "bad", revoked: "bad", superseded: "warn" };
const LEVEL: Record<string, Bilingual> = { province: { vi: "Cấp tỉnh", en: "Province" }, central: { vi: "Cấp trung ương", en: "Central" } };

const frame = (c: Context<AppEnv>) => ({ locale: c.var.locale, principal: c.var.auth?.principal ?? null, csrfToken: c.var.csrfToken, path: c.req.path });

function certificatePage(p: ReturnType<typeof frame> & { cert: CertificatePublic }): string {
  const L = p.locale;
  const x = p.cert;
  return renderPage(
    <Layout title={{ vi: `Giấy chứng nhận OCOP số ${x.id}`, en: `OCOP certificate no. ${x.id}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <div class={`notice ${TONE[x.status]}`} role="status">
        <p>
          <strong>{t(L, x.statusLabel)}</strong>
        </p>
        <p>{t(L, x.explanation)}</p>
      </div>
      <section class="card">
        <h2>{x.product.name}</h2>
        <p class="stars" aria-label={t(L, { vi: `${x.stars} sao`, en: `${x.stars} stars` })}>
          {"★".repeat(x.stars)} <span class="sub">{`OCOP ${x.stars} ${t(L, { vi: "sao", en: "stars" })}`}</span>
        </p>
        <table>
          <tbody>
            <Row label={{ vi: "Mã sản phẩm", en: "Product code" }} value={x.product.code} locale={L} />
            <Row label={{ vi: "Nhóm sản phẩm", en: "Product group" }} value={t(L, x.product.groupLabel)} locale={L} />
            <Row label={{ vi: "Chủ thể", en: "Producer" }} value={x.producer.name} locale={L} />
            {x.producer.address ? <Row label={{ vi: "Địa chỉ", en: "Address" }} value={x.producer.address} locale={L} /> : null}
            {x.producer.phone ? <Row label={{ vi: "Điện thoại", en: "Phone" }} value={x.producer.phone} locale={L} /> : null}
            {x.producer.website ? <Row label={{ vi: "Trang web", en: "Website" }} value={x.producer.website} locale={L} /> : null}
            <Row
              label={{ vi: "Địa bàn (khi cấp)", en: "Place (when issued)" }}
              value={[x.place.commune, x.place.district, x.place.province].filter(Boolean).join(", ")}
              locale={L}
            />
            {x.place.communeToday ? <Row label={{ vi: "Nay thuộc", en: "Now part of" }} value={x.place.communeToday} locale={L} /> : null}
            <Row label={{ vi: "Điểm đánh giá", en: "Score" }} value={formatNumber(x.score)} locale={L} />
            <Row label={{ vi: "Cơ quan công nhận", en: "Recognised by" }} value={`${x.decision.authorityName} (${t(L, LEVEL[x.decision.authorityLevel]!)})`} locale={L} />
            <Row label={{ vi: "Quyết định", en: "Decision" }} value={`${x.decision.number}, ${formatDate(x.decision.decidedOn)} — ${x.decision.signer}`} locale={L} />
            <Row label={{ vi: "Hiệu lực", en: "Validity" }} value={`${formatDate(x.validity.from)} – ${formatDate(x.validity.through)}`} locale={L} />
            {x.validity.validUntil !== x.validity.through ? <Row label={{ vi: "Hiệu lực thực tế đến", en: "In force until" }} value={formatDate(x.validity.validUntil)} locale={L} /> : null}
          </tbody>
        </table>
        {x.supersededBy ? (
          <p>
            <a href={`/c/${x.supersededBy}`}>{t(L, { vi: `Xem giấy chứng nhận thay thế số ${x.supersededBy} →`, en: `See the replacing certificate no. ${x.supersededBy} →` })}</a>
          </p>
        ) : null}
        <p>
          <a href={`/c/${x.id}/certificate.pdf`}>{t(L, { vi: "Tải giấy chứng nhận (PDF)", en: "Download the certificate (PDF)" })}</a>
        </p>
      </section>
      <section class="card">
        <h2>{t(L, { vi: "Lịch sử", en: "History" })}</h2>
        <ol class="history">
          {x.history.map((h) => (
            <li>
              <strong>{formatDate(h.on)}</strong> — {t(L, h.label)}
              {h.detail ? <span class="sub">{` · ${t(L, h.detail)}`}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>,
  );
}

function Row({ label, value, locale }: { label: Bilingual; value: string; locale: Locale }) {
  return (
    <tr>
      <th>{t(locale, label)}</th>
      <td>{value}</td>
    </tr>
  );
}

function registryPage(p: ReturnType<typeof frame> & { q: Record<string, string>; result: { items: RegistryItem[]; total: number }; csvHref: string }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Sổ sản phẩm OCOP được công nhận", en: "Register of certified OCOP products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/registry" class="card filters">
        <label for="q">{t(L, { vi: "Tên sản phẩm hoặc chủ thể", en: "Product or producer name" })}</label>
        <input id="q" name="q" value={p.q["q"] ?? ""} maxlength={200} />
        <label for="group">{t(L, { vi: "Nhóm sản phẩm", en: "Product group" })}</label>
        <select id="group" name="group">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {CRITERIA_SET_IDS.map((g) => (
            <option value={String(g)} selected={p.q["group"] === String(g)}>
              {`${g}. ${criteriaSetLabel(g, L)}`}
            </option>
          ))}
        </select>
        <label for="stars">{t(L, { vi: "Hạng sao", en: "Stars" })}</label>
        <select id="stars" name="stars">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {[3, 4, 5].map((s) => (
            <option value={String(s)} selected={p.q["stars"] === String(s)}>
              {"★".repeat(s)}
            </option>
          ))}
        </select>
        <label for="status">{t(L, { vi: "Trạng thái", en: "Status" })}</label>
        <select id="status" name="status">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {CERTIFICATE_STATUSES.map((s) => (
            <option value={s} selected={p.q["status"] === s}>
              {t(L, CERTIFICATE_STATUS_LABELS[s])}
            </option>
          ))}
        </select>
        {p.q["unitId"] ? <input type="hidden" name="unitId" value={p.q["unitId"]} /> : null}
        <button type="submit">{t(L, { vi: "Tìm", en: "Search" })}</button>
      </form>
      <p class="sub">
        {t(L, { vi: `${formatNumber(p.result.total)} giấy chứng nhận`, en: `${formatNumber(p.result.total)} certificates` })} · <a href={p.csvHref}>CSV</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
            <th>{t(L, { vi: "Chủ thể", en: "Producer" })}</th>
            <th>{t(L, { vi: "Địa bàn", en: "Place" })}</th>
            <th>{t(L, { vi: "Sao", en: "Stars" })}</th>
            <th>{t(L, { vi: "Trạng thái", en: "Status" })}</th>
          </tr>
        </thead>
        <tbody>
          {p.result.items.map((i) => (
            <tr>
              <td>
                <a href={`/c/${i.id}`}>{i.productName}</a>
              </td>
              <td>{i.producerName}</td>
              <td>{[i.commune, i.district].filter(Boolean).join(", ")}</td>
              <td>{"★".repeat(i.stars)}</td>
              <td>{`${t(L, i.statusLabel)} (${formatDate(i.validUntil)})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}


function certificateId(c: Context<AppEnv>): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "giấy chứng nhận", en: "The certificate" });
  return id;
}

const registryQuery = (c: Context<AppEnv>) => {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  return { raw, query: parseInput(RegistryQuery, raw) };
};

export const certificatePublicPages = new Hono<AppEnv>()
  .get("/c/:id{[0-9]+}", async (c) => {
    const cert = await publicCertificate(c.var.deps.database.db, certificateId(c), c.var.deps.now(), c.var.deps.config.publicBaseUrl);
    c.header("vary", "accept");
    // Status changes with the calendar and with decisions: a short shared cache, never a stale day.
    c.header("cache-control", "public, max-age=60");
    if (wantsJson(c.req.header("accept"))) return c.json(cert, 200);
    return c.html(certificatePage({ ...frame(c), cert }), 200);
  })
  .get("/registry", async (c) => {
    const { raw, query } = registryQuery(c);
    const result = await searchRegistry(c.var.deps.database.db, query, c.var.deps.now());
    const csvHref = `/registry.csv?${new URLSearchParams(raw as Record<string, string>).toString()}`;
    return c.html(registryPage({ ...frame(c), q: raw as Record<string, string>, result, csvHref }), 200);
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

/** The printable documents: Node only (pdfkit reads its fonts from node_modules), so not on the Worker. */
export const certificateDocuments = new Hono<AppEnv>()
  .get("/c/:id{[0-9]+}/certificate.pdf", async (c) => {
    const cert = await publicCertificate(c.var.deps.database.db, certificateId(c), c.var.deps.now(), c.var.deps.config.publicBaseUrl);
    const { certificatePdf } = await import("./certificate-pdf.js");
    return pdfResponse(certificatePdf(cert, vnToday(c.var.deps.now())), `giay-chung-nhan-ocop-${cert.id}.pdf`, "public, max-age=60");
  })
  .get("/decisions/:id{[0-9]+}/annex.pdf", async (c) => {
    const id = Number(c.req.param("id"));
    const { certificates: certs, ...d } = await getDecision({ ctx: { db: c.var.deps.database.db, principal: null, now: c.var.deps.now() }, input: { decisionId: id } });
    const [row] = await c.var.deps.database.db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, d.id));
    const { annexPdf } = await import("./annex-pdf.js");
    return pdfResponse(annexPdf(row!, certs, c.var.deps.config.publicBaseUrl), `phu-luc-quyet-dinh-${d.id}.pdf`, "public, max-age=300");
  });
