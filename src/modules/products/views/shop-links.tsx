import { SHOP_LINK_KIND_LABELS, SHOP_LINK_KINDS, SHOP_LINK_STATUS_LABELS, SHOP_LINK_STATUSES, type ShopLinkStatus } from "../../../domain/shop-links.js";
import { type Bilingual, formatDate, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, Count, FilterForm, ListTable, Pager, type Tone } from "../../../web/list-kit.js";
import type { ListShopLinksQuery, ProductDetail, ShopLinkList, ShopLinkView } from "../inputs.js";

/* The producer's shop links: the section on a product's page, and the office's list of links to approve. */

const STATUS_TONE: Record<ShopLinkStatus, Tone> = { pending: "warn", approved: "ok", rejected: "bad", withdrawn: "muted" };

/** The office's approve / reject form for one pending link; `back` says which page it returns to. */
function DecisionForm({ link, csrfToken, back, locale: L }: { link: ShopLinkView; csrfToken: string; back: "list" | "product"; locale: Locale }) {
  return (
    <form method="post" action={`/products/${link.productId}/shop-links/${link.id}/decision`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="back" value={back} />
      <label for={`reason-${link.id}`}>{t(L, { vi: "Lý do (bắt buộc khi không duyệt)", en: "Reason (needed to reject)" })}</label>
      <input id={`reason-${link.id}`} name="reason" maxlength={500} />
      <button type="submit" name="decision" value="approve">
        {t(L, { vi: "Duyệt", en: "Approve" })}
      </button>
      <button type="submit" name="decision" value="reject" class="secondary">
        {t(L, { vi: "Không duyệt", en: "Reject" })}
      </button>
    </form>
  );
}

/** The address as the office checks it: whole, scheme included, cut only when very long. */
const shownUrl = (url: string) => (url.length > 70 ? `${url.slice(0, 70)}…` : url);

function LinkLine({ link, locale: L }: { link: ShopLinkView; locale: Locale }) {
  return (
    <>
      <a href={link.url} rel="nofollow noopener noreferrer external" target="_blank">
        {link.label || shownUrl(link.url)}
      </a>
      <span class="sub">
        {t(L, SHOP_LINK_KIND_LABELS[link.kind])} · {shownUrl(link.url)}
      </span>
    </>
  );
}

/** The "where to buy" links on a product's management page: statuses for the producer, decisions for the office. */
export function ShopLinksSection({ product: x, csrfToken, error, locale: L }: { product: ProductDetail; csrfToken: string; error?: AppError | undefined; locale: Locale }) {
  if (!x.canProposeLinks && !x.canDecideLinks && x.shopLinks.length === 0) return null;
  return (
    <section class="card" id="shop-links">
      <h2>{t(L, { vi: "Nơi bán trực tuyến của chủ thể", en: "The producer's online shops" })}</h2>
      <p class="sub">
        {t(L, {
          vi: "Liên kết được Văn phòng Điều phối duyệt sẽ hiện ở mục “Nơi mua” trên trang sản phẩm công khai và trang quét tem.",
          en: "Links the coordination office approves appear under “Where to buy” on the public product page and the scan page.",
        })}
      </p>
      {x.shopLinks.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có liên kết nào.", en: "No links yet." })}</p> : null}
      <ul>
        {x.shopLinks.map((l) => (
          <li>
            <LinkLine link={l} locale={L} /> <Badge tone={STATUS_TONE[l.status]} label={SHOP_LINK_STATUS_LABELS[l.status]} locale={L} />
            {l.reason ? <span class="sub">{`${t(L, { vi: "Lý do", en: "Reason" })}: ${l.reason}`}</span> : null}
            {l.decidedAt ? <span class="sub">{`${l.decidedByName ?? ""} · ${formatDate(new Date(l.decidedAt))}`}</span> : null}
            {x.canDecideLinks && l.status === "pending" ? <DecisionForm link={l} csrfToken={csrfToken} back="product" locale={L} /> : null}
            {x.canProposeLinks && (l.status === "pending" || l.status === "approved") ? (
              <form method="post" action={`/products/${x.id}/shop-links/${l.id}/withdraw`} class="inline">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="secondary">
                  {t(L, { vi: "Gỡ liên kết", en: "Withdraw" })}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {x.canProposeLinks ? (
        <form method="post" action={`/products/${x.id}/shop-links`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <label for="link-kind">{t(L, { vi: "Loại kênh", en: "Kind of channel" })}</label>
          <select id="link-kind" name="kind">
            {SHOP_LINK_KINDS.map((k) => (
              <option value={k}>{t(L, SHOP_LINK_KIND_LABELS[k])}</option>
            ))}
          </select>
          <label for="link-url">{t(L, { vi: "Địa chỉ trang bán hàng (https://…)", en: "Address of the shop page (https://…)" })}</label>
          <input id="link-url" name="url" type="url" maxlength={500} required placeholder="https://shopee.vn/…" />
          <FieldMessage error={error} path="url" locale={L} />
          <label for="link-label">{t(L, { vi: "Tên hiển thị (không bắt buộc)", en: "Label shown (optional)" })}</label>
          <input id="link-label" name="label" maxlength={120} />
          <button type="submit">{t(L, { vi: "Gửi Văn phòng duyệt", en: "Send for approval" })}</button>
        </form>
      ) : null}
    </section>
  );
}

const LIST_NOTICES: Record<string, Bilingual> = {
  approve: { vi: "Đã duyệt liên kết: liên kết hiện công khai trong vòng một phút.", en: "Link approved: it shows publicly within a minute." },
  reject: { vi: "Đã không duyệt liên kết; chủ thể thấy lý do trên trang sản phẩm.", en: "Link rejected; the producer sees the reason on the product's page." },
};

/** /products/shop-links: the office's list of producers' shop links, pending first. */
export function shopLinksPage(p: Frame & { list: ShopLinkList; query: ListShopLinksQuery; done?: string | undefined }): string {
  const L = p.locale;
  const q = p.query;
  const values = { status: q.status };
  type Row = ShopLinkList["items"][number];
  const columns: Column<Row>[] = [
    {
      label: { vi: "Sản phẩm", en: "Product" },
      cell: (x) => (
        <>
          <a href={`/products/${x.productId}#shop-links`}>{x.productName}</a>
          <span class="sub">{x.producerName}</span>
        </>
      ),
    },
    { label: { vi: "Liên kết", en: "Link" }, cell: (x) => <LinkLine link={x} locale={L} /> },
    { label: { vi: "Gửi ngày", en: "Sent on" }, cell: (x) => formatDate(new Date(x.proposedAt)) },
    {
      label: { vi: "Trạng thái", en: "Status" },
      cell: (x) => (x.status === "pending" ? <DecisionForm link={x} csrfToken={p.csrfToken} back="list" locale={L} /> : <Badge tone={STATUS_TONE[x.status]} label={SHOP_LINK_STATUS_LABELS[x.status]} locale={L} />),
    },
  ];
  return renderPage(
    <Layout title={{ vi: "Liên kết bán hàng của chủ thể", en: "Producers' shop links" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={LIST_NOTICES} locale={L} />
      <FilterForm
        action="/products/shop-links"
        locale={L}
        values={values}
        fields={[{ kind: "select", name: "status", label: { vi: "Trạng thái", en: "Status" }, choices: SHOP_LINK_STATUSES.map((s) => ({ value: s, label: t(L, SHOP_LINK_STATUS_LABELS[s]) })) }]}
      />
      <Count total={p.list.total} noun={{ vi: "liên kết", en: "links" }} locale={L} />
      <ListTable columns={columns} rows={p.list.items} locale={L} empty={{ vi: "Không có liên kết nào ở trạng thái này.", en: "No link in this status." }} />
      <Pager base="/products/shop-links" values={values} total={p.list.total} limit={q.limit} offset={q.offset} locale={L} />
    </Layout>,
  );
}
