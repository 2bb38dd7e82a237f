import { criteriaSetLabel } from "../../../domain/product-categories.js";
import type { Bilingual } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { UPLOAD_LIMITS, megabytes } from "../../../lib/upload-limits.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { OfficialView, ProductDetail } from "../inputs.js";
import { ShopLinksSection } from "./shop-links.js";

const NOTICES: Record<string, Bilingual> = {
  photo: { vi: "Đã thêm ảnh (đã chuyển sang WebP và xoá thông tin vị trí, thiết bị).", en: "Photo added (converted to WebP, location and device data removed)." },
  removed: { vi: "Đã gỡ ảnh.", en: "Photo removed." },
  responsible: { vi: "Đã cập nhật cán bộ phụ trách.", en: "Responsible official updated." },
  updated: { vi: "Đã lưu thông tin sản phẩm.", en: "Product saved." },
  link_proposed: { vi: "Đã gửi liên kết bán hàng; liên kết hiện công khai khi Văn phòng Điều phối duyệt.", en: "Shop link sent; it shows publicly once the coordination office approves it." },
  link_withdrawn: { vi: "Đã gỡ liên kết bán hàng.", en: "Shop link withdrawn." },
  link_approve: { vi: "Đã duyệt liên kết bán hàng.", en: "Shop link approved." },
  link_reject: { vi: "Đã không duyệt liên kết bán hàng.", en: "Shop link rejected." },
};
export function productPage(p: Frame & { product: ProductDetail; officials: OfficialView[]; done?: string | undefined; error?: AppError }): string {
  const L = p.locale;
  const x = p.product;
  return renderPage(
    <Layout title={{ vi: x.name, en: x.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/products">{t(L, { vi: "← Danh sách sản phẩm", en: "← All products" })}</a>
        {x.planId !== null ? (
          <>
            {" · "}
            <a href={`/plans/${x.planId}`}>{t(L, { vi: "Phương án", en: "Business plan" })}</a>
          </>
        ) : null}
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <Problem error={p.error} locale={L} />
      <dl>
        <dt>{t(L, { vi: "Mã sản phẩm", en: "Product code" })}</dt>
        <dd>
          <code>{x.code}</code>
        </dd>
        <dt>{t(L, { vi: "Nhóm, phân nhóm", en: "Group and subgroup" })}</dt>
        <dd>{criteriaSetLabel(x.criteriaSetId, L)}</dd>
        <dt>{t(L, { vi: "Chủ thể", en: "Producer" })}</dt>
        <dd>{x.producerName}</dd>
        <dt>{t(L, { vi: "Địa bàn", en: "Area" })}</dt>
        <dd>{[x.communeName, x.parentUnitName].filter(Boolean).join(", ")}</dd>
        <dt>{t(L, { vi: "Cán bộ phụ trách", en: "Responsible official" })}</dt>
        <dd>{x.responsibleName ?? t(L, { vi: "Chưa phân công", en: "Not assigned yet" })}</dd>
        <dt>{t(L, { vi: "Mô tả", en: "Description" })}</dt>
        <dd>{x.description ?? "—"}</dd>
      </dl>
      {p.principal.grants.some((g) => g.role === "producer_member" && g.producerId === x.producerId) ? (
        <p>
          <a class="button" href={`/products/${x.id}/dossiers/new`}>
            {t(L, { vi: "Đăng ký đánh giá, phân hạng OCOP", en: "Register for OCOP evaluation" })}
          </a>
        </p>
      ) : null}
      <section class="card" id="photos">
        <h2>{t(L, { vi: "Ảnh sản phẩm", en: "Photos" })}</h2>
        {x.photos.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có ảnh.", en: "No photos yet." })}</p> : null}
        <ul class="cards">
          {x.photos.map((ph) => (
            <li class="card">
              <a href={ph.url}>
                <img src={ph.thumbUrl} alt={ph.caption ?? x.name} loading="lazy" width={200} />
              </a>
              {ph.caption ? <p class="sub">{ph.caption}</p> : null}
              {x.canManage ? (
                <form method="post" action={`/products/${x.id}/photos/${ph.id}/remove`}>
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="secondary">
                    {t(L, { vi: "Gỡ ảnh", en: "Remove" })}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {x.canManage ? (
          <form method="post" action={`/products/${x.id}/photos`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="photo">{t(L, { vi: `Thêm ảnh (JPEG, PNG, WebP, GIF; tối đa ${megabytes(UPLOAD_LIMITS.productPhoto.maxBytes, "vi-VN")} MB)`, en: `Add a photo (JPEG, PNG, WebP, GIF; up to ${megabytes(UPLOAD_LIMITS.productPhoto.maxBytes, "en")} MB)` })}</label>
            <input id="photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required />
            <FieldMessage error={p.error} path="photo" locale={L} />
            <label for="caption">{t(L, { vi: "Chú thích", en: "Caption" })}</label>
            <input id="caption" name="caption" maxlength={300} />
            <button type="submit">{t(L, { vi: "Tải ảnh lên", en: "Upload" })}</button>
          </form>
        ) : null}
      </section>
      <ShopLinksSection product={x} csrfToken={p.csrfToken} error={p.error} locale={L} />
      {x.canAssign ? (
        <section class="card">
          <h2>{t(L, { vi: "Phân công cán bộ phụ trách", en: "Assign the responsible official" })}</h2>
          <form method="post" action={`/products/${x.id}/responsible`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <select name="userId" aria-label={t(L, { vi: "Cán bộ", en: "Official" })}>
              <option value="">{t(L, { vi: "— không ai —", en: "— nobody —" })}</option>
              {p.officials.map((o) => (
                <option value={o.userId} selected={o.userId === x.responsibleUserId}>{`${o.displayName} (${o.unitName})`}</option>
              ))}
            </select>
            <FieldMessage error={p.error} path="userId" locale={L} />
            <button type="submit">{t(L, { vi: "Lưu", en: "Save" })}</button>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}
