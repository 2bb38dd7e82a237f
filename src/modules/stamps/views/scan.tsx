import { createHash } from "node:crypto";
import { cardStatus, VERDICT_TITLES, VERDICT_TONE, type Verdict, verdictAdvice } from "../../../domain/scan-verdict.js";
import { formatStampCodeForPrint } from "../../../domain/stamp-code.js";
import { formatDate, type Locale } from "../../../lib/i18n.js";
import { renderPage, t } from "../../../web/layout.js";
import type { ScanResult, StampView } from "../inputs.js";
import { WhereToBuyCard } from "./where-to-buy.js";

/*
 * The page a phone opens from a stamp: one verdict at the top in words and colour, then the facts a consumer
 * checks. Its own small stylesheet inline (one request on 3G, well under 30 KB), no script, readable at 320 px.
 */

const CSS = `body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f6f3}
main{max-width:36rem;margin:0 auto;padding:0 .9rem 2rem}header{display:flex;justify-content:space-between;align-items:center;padding:.6rem .9rem;background:#14532d;color:#fff}
header a{color:#fff}.v{margin:.9rem 0;padding:.9rem 1rem;border-radius:.6rem;border:2px solid}.v h1{margin:0 0 .3rem;font-size:1.3rem}
.ok{background:#e8f5e9;border-color:#2e7d32}.warn{background:#fff8e1;border-color:#b7791f}.bad{background:#fdecea;border-color:#c62828}
.card{background:#fff;border-radius:.6rem;padding:.8rem 1rem;margin:.8rem 0;box-shadow:0 1px 2px #0002}.card h2{margin:.1rem 0 .5rem;font-size:1.1rem}
dl{display:grid;grid-template-columns:minmax(7rem,40%) 1fr;gap:.25rem .6rem;margin:0}dt{color:#555}dd{margin:0}
.stars{color:#b45309;font-size:1.4rem;letter-spacing:.1rem}.code{font-family:ui-monospace,monospace;letter-spacing:.05rem}
img{max-width:100%;height:auto;border-radius:.4rem}.btn{display:inline-block;padding:.55rem .9rem;border-radius:.4rem;background:#14532d;color:#fff;text-decoration:none}
footer{color:#555;font-size:.85rem;text-align:center}`;

/** The CSP allows exactly this inline stylesheet by its hash (app.ts), and no other inline style. */
export const SCAN_CSS_HASH = `sha256-${createHash("sha256").update(CSS).digest("base64")}`;

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/*
 * Rendering is most of a scan's cost, so the parts that do not change between scans are rendered once and
 * kept beside the cached view they come from: the product card per stamp view, the certificate and story per
 * product's facts (shared by all its stamps), the frame per verdict and language. Only the verdict box, with
 * its count and date, is rendered for each scan. A refreshed view is a new object, so nothing stale is reused.
 */
/*
 * The parts are kept as UTF-8 bytes: the page is sent as bytes joined from them, so the server neither
 * flattens a concatenated string nor re-encodes and measures Vietnamese text on every scan (that alone was a
 * fifth of the scan path's time here).
 */
/** Keyed by language and by whether the verdict confirms the recognition (cardStatus), e.g. "vi|void". */
type Parts = Record<string, Buffer>;
const cardCache = new WeakMap<object, Parts>();
const factsCache = new WeakMap<object, Parts>();
const frameCache = new Map<string, [Buffer[], Buffer[]]>();

function once(cache: WeakMap<object, Parts>, key: object, variant: string, render: () => string): Buffer {
  let parts = cache.get(key);
  if (!parts) cache.set(key, (parts = {}));
  return (parts[variant] ??= Buffer.from(render()));
}

/** The cards depend on the verdict only through what it lets them confirm: genuine, or the status it states. */
const cardVariant = (v: Verdict) => (cardStatus(v).confirms ? "ok" : v);

/** The page around the verdict for one language and verdict, with the stamp's path as a placeholder. */
const PATH = "\u0001PATH\u0001";
function frame(L: Locale, verdict: ScanResult["verdict"]): [Buffer[], Buffer[]] {
  const key = `${L}|${verdict}`;
  let f = frameCache.get(key);
  if (!f) {
    const other: Locale = L === "vi" ? "en" : "vi";
    const marker = "\u0000MAIN\u0000";
    const html = renderPage(
      <html lang={L}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${t(L, VERDICT_TITLES[verdict])} · OCOP Hà Tĩnh`}</title>
          <style dangerouslySetInnerHTML={{ __html: CSS }} />
        </head>
        <body>
          <header>
            <strong>OCOP Hà Tĩnh</strong>
            <a href={`${PATH}?lang=${other}`} hreflang={other} lang={other}>
              {other === "en" ? "English" : "Tiếng Việt"}
            </a>
          </header>
          <main>
            {marker}
            <p>
              <a class="btn" href={`${PATH}/report${L === "en" ? "?lang=en" : ""}`}>
                {t(L, { vi: "Báo tem nghi giả", en: "Report a suspected fake" })}
              </a>
            </p>
          </main>
          <footer>
            <p>{t(L, { vi: "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh · Chương trình OCOP", en: "Hà Tĩnh New Rural Development Coordination Office · OCOP programme" })}</p>
          </footer>
        </body>
      </html>,
    );
    const at = html.indexOf(marker);
    f = [html.slice(0, at).split(PATH).map((x) => Buffer.from(x)), html.slice(at + marker.length).split(PATH).map((x) => Buffer.from(x))];
    frameCache.set(key, f);
  }
  return f;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function productCard(v: StampView, L: Locale, verdict: Verdict): string {
  const c = v.certificate;
  const confirms = cardStatus(verdict).confirms;
  return String(
    <section class="card">
      <h2>{v.product.name}</h2>
      {v.product.photoId ? <img src={`/products/${v.product.id}/photos/${v.product.photoId}/thumb.webp`} alt={v.product.name} width="400" height="300" loading="lazy" /> : null}
      {c && confirms ? (
        <p class="stars" aria-label={t(L, { vi: `OCOP ${c.stars} sao`, en: `OCOP ${c.stars} stars` })}>
          {`OCOP ${"★".repeat(c.stars)}`}
        </p>
      ) : null}
      <dl>
        <Row label={t(L, { vi: "Chủ thể sản xuất", en: "Producer" })} value={v.producer.name} />
        <Row label={t(L, { vi: "Địa chỉ", en: "Address" })} value={v.producer.address} />
        <Row label={t(L, { vi: "Điện thoại", en: "Phone" })} value={v.producer.phone} />
        <Row label={t(L, { vi: "Xã", en: "Commune" })} value={[v.place.commune, v.place.province].filter(Boolean).join(", ")} />
        {c && c.district ? <Row label={t(L, { vi: "Nơi cấp (trước sắp xếp)", en: "Where certified (before the reform)" })} value={`${c.commune}, ${c.district}`} /> : null}
        <Row label={t(L, { vi: "Mã sản phẩm", en: "Product code" })} value={v.product.code} />
        <Row label={t(L, { vi: "Số lô", en: "Lot" })} value={v.lot?.number} />
        <Row label={t(L, { vi: "Ngày sản xuất", en: "Produced on" })} value={v.lot ? formatDate(v.lot.producedOn) : null} />
        <Row label={t(L, { vi: "Hạn sử dụng", en: "Best before" })} value={v.lot?.expiresOn ? formatDate(v.lot.expiresOn) : null} />
        <Row label={t(L, { vi: "Tiêu chuẩn áp dụng", en: "Standards applied" })} value={v.product.standards} />
      </dl>
    </section>,
  );
}

function factsSections(v: StampView, L: Locale, verdict: Verdict): string {
  const c = v.certificate;
  const card = cardStatus(verdict);
  return String(
    <>
      {c ? (
        <section class="card">
          <h2>{t(L, { vi: "Giấy chứng nhận OCOP", en: "OCOP certificate" })}</h2>
          <dl>
            <Row label={t(L, { vi: "Trạng thái", en: "Status" })} value={t(L, card.confirms ? c.statusLabel : card.status)} />
            <Row label={t(L, { vi: "Số", en: "No." })} value={String(c.id)} />
            <Row label={t(L, { vi: "Cơ quan công nhận", en: "Recognised by" })} value={c.authorityName} />
            <Row label={t(L, { vi: "Quyết định", en: "Decision" })} value={`${c.decisionNumber}, ${formatDate(c.decidedOn)}`} />
            <Row label={t(L, { vi: "Hiệu lực", en: "Valid" })} value={`${formatDate(c.validFrom)} – ${formatDate(c.validUntil)}`} />
          </dl>
          <p>
            <a href={`/c/${c.id}`}>{t(L, { vi: "Xem giấy chứng nhận →", en: "See the certificate →" })}</a>
          </p>
        </section>
      ) : null}
      {v.product.story ? (
        <section class="card">
          <h2>{t(L, { vi: "Câu chuyện sản phẩm", en: "The product's story" })}</h2>
          <p>{v.product.story}</p>
        </section>
      ) : null}
      <WhereToBuyCard w={v.whereToBuy} locale={L} />
    </>,
  );
}

const dayLabels = new Map<string, string>();
/** "dd/mm/yyyy" of a first-scan instant, memoised: every scan of a stamp shows the same one. */
function dayOf(iso: string): string {
  let d = dayLabels.get(iso);
  if (d === undefined) {
    if (dayLabels.size > 50_000) dayLabels.clear();
    dayLabels.set(iso, (d = formatDate(new Date(iso))));
  }
  return d;
}

/** Where and when the stamp was sold, as the verdict's advice words it. */
export const saleFacts = (v: StampView) => (v.sold ? { soldBy: v.sold.by, soldOn: formatDate(new Date(v.sold.at)) } : {});

/** The page as UTF-8 bytes, joined from the cached parts and this scan's verdict. */
export function scanPageBytes(r: ScanResult, L: Locale, path: string): Buffer {
  const title = VERDICT_TITLES[r.verdict];
  const known = r.verdict !== "unknown" ? (r as Extract<ScanResult, { view: unknown }>) : null;
  const advice = known ? verdictAdvice(r.verdict, { previousScans: known.previousScans, firstScanAt: known.firstScanAt ? dayOf(known.firstScanAt) : null, ...saleFacts(known.view) }) : (r as { reason: { vi: string; en: string } }).reason;
  const printed = (() => {
    try {
      return formatStampCodeForPrint(r.code);
    } catch {
      return r.code.slice(0, 40);
    }
  })();
  const [topParts, bottomParts] = frame(L, r.verdict);
  const safePath = Buffer.from(escapeHtml(path));
  const out: Buffer[] = [];
  const joinInto = (parts: Buffer[]) => parts.forEach((p, i) => (i === 0 ? out.push(p) : out.push(safePath, p)));
  joinInto(topParts);
  // A plain template: this is the one part rendered on every scan.
  out.push(Buffer.from(`<section class="v ${VERDICT_TONE[r.verdict]}" role="status" id="verdict"><h1>${escapeHtml(t(L, title))}</h1><p>${escapeHtml(t(L, advice))}</p><p class="code">${escapeHtml(printed)}</p></section>`));
  if (known) {
    const v = known.view;
    // The facts part of a view is shared by reference with every stamp of the product.
    const variant = `${L}|${cardVariant(r.verdict)}`;
    out.push(once(cardCache, v, variant, () => productCard(v, L, r.verdict)), once(factsCache, v.certificate ?? v.product, variant, () => factsSections(v, L, r.verdict)));
  }
  joinInto(bottomParts);
  return Buffer.concat(out);
}

export const scanPage = (r: ScanResult, L: Locale, path: string): string => scanPageBytes(r, L, path).toString("utf8");

/** The same facts as JSON, for apps and retail scanners. */
export function scanJson(r: ScanResult, L: Locale) {
  const base = { verdict: r.verdict, title: VERDICT_TITLES[r.verdict], code: r.code };
  if (r.verdict === "unknown") return { ...base, advice: (r as { reason: { vi: string; en: string } }).reason };
  const k = r as Extract<ScanResult, { view: unknown }>;
  const v = k.view;
  return {
    ...base,
    advice: verdictAdvice(r.verdict, { previousScans: k.previousScans, firstScanAt: k.firstScanAt ? formatDate(new Date(k.firstScanAt)) : null, ...saleFacts(v) }),
    locale: L,
    sold: v.sold,
    scans: { previous: k.previousScans, firstAt: k.firstScanAt },
    stamp: { seq: v.seq, batchId: v.batchId, activated: v.activated, voided: v.voided },
    lot: v.lot,
    product: { id: v.product.id, name: v.product.name, code: v.product.code, gtin: v.product.gtin, standards: v.product.standards, story: v.product.story },
    producer: v.producer,
    place: v.place,
    certificate: v.certificate ? { ...v.certificate, url: `/c/${v.certificate.id}` } : null,
    whereToBuy: v.whereToBuy,
  };
}
