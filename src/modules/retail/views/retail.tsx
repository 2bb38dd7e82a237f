import { VERDICT_TONE, type Verdict } from "../../../domain/scan-verdict.js";
import { formatDate, type Bilingual, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { RETAIL_KIND_LABELS, RETAIL_KINDS, type RetailPointView, type StockItem, type Verification } from "../inputs.js";

/*
 * The retail pages: the office's list of points with the registration form, a point's stock with its warnings
 * at the top, and the operator's stamp check (a typed code, no scan recorded). Plain forms, no JavaScript.
 */

export type Values = Record<string, string>;

const stars = (n: number | null | undefined) => (n ? "★".repeat(n) : "—");

const NOTICES: Record<string, Bilingual> = {
  registered: { vi: "Đã đăng ký điểm bán.", en: "The retail point is registered." },
  added: { vi: "Đã thêm sản phẩm vào danh sách hàng.", en: "The product is added to the stock." },
  removed: { vi: "Đã bỏ sản phẩm khỏi danh sách hàng.", en: "The product is removed from the stock." },
};

function Field({ name, label, values, error, locale: L, type = "text", ...rest }: { name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

export function listPage(p: Frame & { points: RetailPointView[]; communes: { id: number; name: string }[]; values: Values; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const v = p.values;
  return renderPage(
    <Layout title={{ vi: "Điểm giới thiệu và bán sản phẩm OCOP", en: "OCOP retail points" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <a href="/retail/verify">{t(L, { vi: "Kiểm tra tem sản phẩm", en: "Verify a stamp" })}</a>
      </p>
      {p.points.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có điểm bán nào.", en: "No retail point yet." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(L, { vi: "Tên", en: "Name" })}</th>
                <th>{t(L, { vi: "Loại", en: "Kind" })}</th>
                <th>{t(L, { vi: "Xã, phường", en: "Commune" })}</th>
                <th>{t(L, { vi: "Địa chỉ", en: "Address" })}</th>
              </tr>
            </thead>
            <tbody>
              {p.points.map((r) => (
                <tr>
                  <td>
                    <a href={`/retail/${r.id}`}>{r.name}</a>
                  </td>
                  <td>{t(L, RETAIL_KIND_LABELS[r.kind])}</td>
                  <td>{r.communeName}</td>
                  <td>{r.address}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.communes.length ? (
        <form method="post" action="/retail" class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Đăng ký điểm bán mới", en: "Register a retail point" })}</h2>
          <Problem error={p.error} locale={L} />
          <Field name="name" label={{ vi: "Tên điểm bán", en: "Name" }} values={v} error={p.error} locale={L} required maxlength={200} />
          <label for="communeId">{t(L, { vi: "Xã, phường, đặc khu", en: "Commune" })}</label>
          <select id="communeId" name="communeId">
            {p.communes.map((u) => (
              <option value={String(u.id)} selected={v["communeId"] === String(u.id)}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldMessage error={p.error} path="communeId" locale={L} />
          <Field name="address" label={{ vi: "Địa chỉ", en: "Address" }} values={v} error={p.error} locale={L} required maxlength={500} />
          <label for="kind">{t(L, { vi: "Loại điểm bán (Quyết định 950/QĐ-BCT)", en: "Kind (Decision 950/QĐ-BCT)" })}</label>
          <select id="kind" name="kind">
            {RETAIL_KINDS.map((k) => (
              <option value={k} selected={(v["kind"] ?? "shop") === k}>
                {t(L, RETAIL_KIND_LABELS[k])}
              </option>
            ))}
          </select>
          <FieldMessage error={p.error} path="kind" locale={L} />
          <Field name="latitude" label={{ vi: "Vĩ độ (không bắt buộc)", en: "Latitude (optional)" }} values={v} error={p.error} locale={L} inputmode="decimal" />
          <Field name="longitude" label={{ vi: "Kinh độ (không bắt buộc)", en: "Longitude (optional)" }} values={v} error={p.error} locale={L} inputmode="decimal" />
          <button type="submit">{t(L, { vi: "Đăng ký", en: "Register" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

function VerdictBox({ v, locale: L }: { v: Verification; locale: Locale }) {
  const tone = VERDICT_TONE[v.verdict as Verdict] ?? "bad";
  return (
    <section class={`notice ${tone === "ok" ? "ok" : tone === "warn" ? "warn" : "bad"}`} role="status" id="verdict" data-verdict={v.verdict}>
      <h2>{t(L, v.title)}</h2>
      <p>{t(L, v.advice)}</p>
      {v.product ? (
        <dl class="props">
          <dt>{t(L, { vi: "Sản phẩm", en: "Product" })}</dt>
          <dd>{`${v.product.name} (${v.product.code})`}</dd>
          <dt>{t(L, { vi: "Chủ thể", en: "Producer" })}</dt>
          <dd>{v.product.producerName}</dd>
          <dt>{t(L, { vi: "Hạng sao", en: "Stars" })}</dt>
          <dd class="stars">{stars(v.stars)}</dd>
          <dt>{t(L, { vi: "Giấy chứng nhận", en: "Certificate" })}</dt>
          <dd>
            {v.certificate ? (
              <>
                <a href={v.certificate.url}>{t(L, v.certificate.statusLabel)}</a>
                {` — ${t(L, { vi: "hiệu lực đến", en: "valid until" })} ${formatDate(v.certificate.validUntil)}`}
              </>
            ) : (
              t(L, { vi: "Chưa có", en: "None" })
            )}
          </dd>
          {v.stamp?.lot ? (
            <>
              <dt>{t(L, { vi: "Lô sản xuất", en: "Lot" })}</dt>
              <dd>{v.stamp.lot}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <p class="sub">{t(L, { vi: "Việc kiểm tra tại điểm bán không được tính là một lượt quét của người tiêu dùng.", en: "A check at the point of sale is not counted as a consumer's scan." })}</p>
    </section>
  );
}

/** The till's button: a genuine stamp not yet sold, on a pack this point is selling now. */
function SellForm({ v, point, csrf, locale: L }: { v: Verification; point: number; csrf: string; locale: Locale }) {
  if (!(v.verdict === "genuine_first" || v.verdict === "genuine_seen") || v.sold) return null;
  return (
    <form method="post" action="/retail/verify/sell" class="card">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="code" value={v.code} />
      <input type="hidden" name="retailPointId" value={String(point)} />
      <p>{t(L, { vi: "Khi bán sản phẩm này, đánh dấu tem đã bán: người mua quét tem sẽ thấy sản phẩm được bán tại đây và ngày bán; tem bị dùng lại trên bao bì khác sẽ lộ ra.", en: "When you sell this product, mark the stamp sold: the buyer's scan shows it was sold here and when, and a stamp reused on another pack shows." })}</p>
      <button type="submit">{t(L, { vi: "Đánh dấu đã bán", en: "Mark as sold" })}</button>
    </form>
  );
}

const SELL_NOTICES = {
  sold: { vi: "Đã đánh dấu tem đã bán tại điểm bán của bạn.", en: "The stamp is marked sold at your point of sale." },
} as const;

export function verifyPage(p: Frame & { code: string; result?: Verification; sellingPoint?: number | undefined; done?: string | undefined; error?: AppError | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Kiểm tra tem sản phẩm OCOP", en: "Verify an OCOP stamp" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/retail/verify" class="card">
        <label for="code">{t(L, { vi: "Mã tem (20 ký tự, có thể gõ chữ thường, có hoặc không có dấu gạch)", en: "Stamp code (20 characters, any case, with or without hyphens)" })}</label>
        <input id="code" name="code" type="text" value={p.code} required maxlength={100} autocomplete="off" autocapitalize="characters" spellcheck={false} autofocus />
        <button type="submit">{t(L, { vi: "Kiểm tra", en: "Verify" })}</button>
      </form>
      <Notice done={p.done} notices={SELL_NOTICES} locale={L} />
      <Problem error={p.error} locale={L} />
      {p.result ? <VerdictBox v={p.result} locale={L} /> : null}
      {p.result && p.sellingPoint !== undefined ? <SellForm v={p.result} point={p.sellingPoint} csrf={p.csrfToken} locale={L} /> : null}
    </Layout>,
  );
}

export function pointPage(p: Frame & { point: RetailPointView & { canManage: boolean }; stock: StockItem[]; product: string; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const r = p.point;
  const warned = p.stock.filter((s) => s.warning);
  return renderPage(
    <Layout title={{ vi: r.name, en: r.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/retail">{t(L, { vi: "← Các điểm bán", en: "← Retail points" })}</a> · <a href="/retail/verify">{t(L, { vi: "Kiểm tra tem", en: "Verify a stamp" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      {warned.length ? (
        <div class="problem" role="alert" id="stock-warnings">
          <p>
            <strong>{t(L, { vi: `Cần lưu ý ${warned.length} sản phẩm đang bày bán`, en: `${warned.length} stocked product(s) need attention` })}</strong>
          </p>
          <ul>
            {warned.map((s) => (
              <li class={s.warning!.level === "stop" ? "warn-stop" : "warn-notice"}>
                <strong>{s.productName}</strong>
                {`: ${t(L, s.warning!)}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl class="props">
        <dt>{t(L, { vi: "Loại", en: "Kind" })}</dt>
        <dd>{t(L, RETAIL_KIND_LABELS[r.kind])}</dd>
        <dt>{t(L, { vi: "Địa chỉ", en: "Address" })}</dt>
        <dd>{`${r.address}, ${r.communeName}`}</dd>
        {r.latitude !== null && r.longitude !== null ? (
          <>
            <dt>{t(L, { vi: "Tọa độ", en: "Coordinates" })}</dt>
            <dd>{`${r.latitude}, ${r.longitude}`}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t(L, { vi: "Sản phẩm OCOP đang bày bán", en: "OCOP products stocked" })}</h2>
      {p.stock.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có sản phẩm nào.", en: "No product yet." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
                <th>{t(L, { vi: "Chủ thể", en: "Producer" })}</th>
                <th>{t(L, { vi: "Hạng", en: "Stars" })}</th>
                <th>{t(L, { vi: "Giấy chứng nhận hôm nay", en: "Certificate today" })}</th>
                {r.canManage ? <th></th> : null}
              </tr>
            </thead>
            <tbody>
              {p.stock.map((s) => (
                <tr>
                  <td>{`${s.productName} (${s.productCode})`}</td>
                  <td>{s.producerName}</td>
                  <td class="stars">{stars(s.certificate?.stars)}</td>
                  <td>
                    {s.certificate ? <a href={`/c/${s.certificate.id}`}>{t(L, s.certificate.statusLabel)}</a> : t(L, { vi: "Chưa có", en: "None" })}
                    {s.warning ? <span class={`badge ${s.warning.level === "stop" ? "badge-bad" : "badge-warn"}`}>{t(L, s.warning.level === "stop" ? { vi: "Ngừng bán OCOP", en: "Stop" } : { vi: "Lưu ý", en: "Notice" })}</span> : null}
                  </td>
                  {r.canManage ? (
                    <td>
                      <form method="post" action={`/retail/${r.id}/stock/${s.productId}/remove`} class="inline">
                        <input type="hidden" name="_csrf" value={p.csrfToken} />
                        <button type="submit" class="secondary">{t(L, { vi: "Bỏ khỏi danh sách", en: "Remove" })}</button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.canManage ? (
        <form method="post" action={`/retail/${r.id}/stock`} class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Thêm sản phẩm", en: "Add a product" })}</h2>
          <Problem error={p.error} locale={L} />
          <label for="product">{t(L, { vi: "Mã sản phẩm OCOP (in trên nhãn) hoặc số hiệu", en: "OCOP product code (on the label) or id" })}</label>
          <input id="product" name="product" type="text" value={p.product} required maxlength={60} />
          <FieldMessage error={p.error} path="productId" locale={L} />
          <button type="submit">{t(L, { vi: "Thêm", en: "Add" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}
