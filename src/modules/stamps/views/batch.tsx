import type { Bilingual, Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { type Pickable, Picker } from "../../../web/picker.js";
import { Badge, type Column, Count, FilterForm, ListTable, type Tone } from "../../../web/list-kit.js";
import { BATCH_STATES } from "../schema.js";
import type { BatchView } from "../inputs.js";

/*
 * The stamp batch pages: the list with the request and issue forms, and a batch with its approve, reject,
 * activate and void forms. Plain forms, no JavaScript.
 */

export type Values = Record<string, string>;
/** Which of a page's forms failed, and why: the page shows the messages beside that form's fields. */
export type FormError = { form: string; error: AppError };
export type ProductChoice = { id: number; name: string };

const STATES: Record<BatchView["state"], Bilingual> = {
  requested: { vi: "Chờ duyệt", en: "Requested" },
  issued: { vi: "Đã phát hành", en: "Issued" },
  printed: { vi: "Đã in", en: "Printed" },
  rejected: { vi: "Bị từ chối", en: "Rejected" },
};
const NOTICES: Record<string, Bilingual> = {
  requested: { vi: "Đã gửi đề nghị cấp tem; Văn phòng Điều phối sẽ xem xét.", en: "The request was sent; the provincial office will review it." },
  issued: { vi: "Đã phát hành lô tem.", en: "The batch was issued." },
  approved: { vi: "Đã duyệt và phát hành lô tem.", en: "The batch was approved and issued." },
  rejected: { vi: "Đã từ chối đề nghị cấp tem.", en: "The request was rejected." },
  activated: { vi: "Đã kích hoạt tem cho lô sản xuất.", en: "The stamps were activated on the production lot." },
  voided: { vi: "Đã hủy tem.", en: "The stamps were voided." },
  printed: { vi: "Đã đánh dấu lô tem là đã in.", en: "The batch was marked as printed." },
};

const STATE_TONES: Record<BatchView["state"], Tone> = { requested: "warn", issued: "info", printed: "ok", rejected: "bad" };
export type BatchFilter = { q?: string | undefined; state?: string | undefined };

const errOf = (e: FormError | undefined, form: string) => (e?.form === form ? e.error : undefined);
const nf = (L: Locale, n: number) => new Intl.NumberFormat(L === "vi" ? "vi-VN" : "en-GB").format(n);

function Field({ form, name, path, label, values, error, locale: L, type = "text", ...rest }: { form: string; name: string; path?: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  const id = `${form}-${name}`;
  return (
    <>
      <label for={id}>{t(L, label)}</label>
      <input id={id} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={path ?? name} locale={L} />
    </>
  );
}

function batchColumns(L: Locale): Column<BatchView>[] {
  return [
    { label: { vi: "Lô", en: "Batch" }, cell: (b) => <a href={`/stamps/${b.id}`}>{t(L, { vi: `Lô số ${b.id}`, en: `Batch ${b.id}` })}</a> },
    { label: { vi: "Sản phẩm", en: "Product" }, cell: (b) => b.productName },
    { label: { vi: "Trạng thái", en: "State" }, cell: (b) => <Badge tone={STATE_TONES[b.state]} label={STATES[b.state]} locale={L} /> },
    { label: { vi: "Số lượng", en: "Quantity" }, num: true, cell: (b) => nf(L, b.quantity) },
    { label: { vi: "Kích hoạt / Hủy / Đã quét", en: "Activated / Voided / Scanned" }, num: true, cell: (b) => <Counts b={b} locale={L} /> },
  ];
}

function Counts({ b, locale: L }: { b: BatchView; locale: Locale }) {
  return <>{`${nf(L, b.counts.activated)} / ${nf(L, b.counts.voided)} / ${nf(L, b.counts.scanned)}`}</>;
}

export function listPage(p: Frame & { batches: BatchView[]; filter: BatchFilter; products: ProductChoice[] | null; canIssue: boolean; issuable: Pickable[]; requestValues: Values; issueValues: Values; error?: FormError; done?: string | undefined }): string {
  const L = p.locale;
  const reqErr = errOf(p.error, "request");
  const issErr = errOf(p.error, "issue");
  return renderPage(
    <Layout title={{ vi: "Tem OCOP", en: "OCOP stamps" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <section>
        <h2>{t(L, { vi: "Các lô tem", en: "Stamp batches" })}</h2>
        <FilterForm
          action="/stamps"
          locale={L}
          values={p.filter}
          fields={[
            { kind: "search", name: "q", label: { vi: "Tên hoặc mã số sản phẩm", en: "Product name or code" }, placeholder: "42-18547-001-2026" },
            { kind: "select", name: "state", label: { vi: "Trạng thái", en: "State" }, choices: BATCH_STATES.map((s) => ({ value: s, label: STATES[s] })) },
          ]}
        />
        <Count total={p.batches.length} noun={{ vi: "lô tem", en: "batches" }} locale={L} />
        <ListTable
          columns={batchColumns(L)}
          rows={p.batches}
          locale={L}
          empty={p.filter.q || p.filter.state ? { vi: "Không có lô tem nào khớp.", en: "No batch matches." } : { vi: "Chưa có lô tem nào.", en: "No stamp batch yet." }}
        />
      </section>
      {p.products ? (
        <form method="post" action="/stamps/requests" class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <h2>{t(L, { vi: "Đề nghị cấp tem", en: "Request stamps" })}</h2>
          <Problem error={reqErr} locale={L} />
          {p.products.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có sản phẩm nào của cơ sở.", en: "Your producer has no product yet." })}</p> : null}
          <label for="request-productId">{t(L, { vi: "Sản phẩm", en: "Product" })}</label>
          <select id="request-productId" name="productId">
            {p.products.map((x) => (
              <option value={String(x.id)} selected={p.requestValues["productId"] === String(x.id)}>
                {x.name}
              </option>
            ))}
          </select>
          <FieldMessage error={reqErr} path="productId" locale={L} />
          <Field form="request" name="quantity" type="number" label={{ vi: "Số lượng tem", en: "Number of stamps" }} values={p.requestValues} error={reqErr} locale={L} min={1} />
          <Field form="request" name="note" label={{ vi: "Ghi chú", en: "Note" }} values={p.requestValues} error={reqErr} locale={L} maxlength={1000} />
          <button type="submit">{t(L, { vi: "Gửi đề nghị", en: "Send the request" })}</button>
        </form>
      ) : null}
      {p.canIssue ? (
        <form method="post" action="/stamps/issue" class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <input type="hidden" name="idempotencyKey" value={p.issueValues["idempotencyKey"] ?? ""} />
          <h2>{t(L, { vi: "Phát hành tem", en: "Issue stamps" })}</h2>
          <Problem error={issErr} locale={L} />
          <Picker id="issue-product" name="product" label={{ vi: "Sản phẩm (tên hoặc mã số sản phẩm)", en: "Product (name or product code)" }} value={p.issueValues["product"] ?? ""} choices={p.issuable} error={issErr} locale={L} required hint={{ vi: "Gõ tên hoặc mã số, ví dụ 42-18547-001-2026, rồi chọn trong danh sách gợi ý.", en: "Type the name or the code, e.g. 42-18547-001-2026, and pick from the suggestions." }} />
          <FieldMessage error={issErr} path="productId" locale={L} />
          <Field form="issue" name="quantity" type="number" label={{ vi: "Số lượng tem", en: "Number of stamps" }} values={p.issueValues} error={issErr} locale={L} min={1} />
          <button type="submit">{t(L, { vi: "Phát hành", en: "Issue" })}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

export function detailPage(p: Frame & { b: BatchView; canIssue: boolean; canManage: boolean; values: Values; error?: FormError; done?: string | undefined }): string {
  const L = p.locale;
  const b = p.b;
  const v = p.values;
  const issued = b.state === "issued" || b.state === "printed";
  const actErr = errOf(p.error, "activate");
  const voidErr = errOf(p.error, "void");
  const rejErr = errOf(p.error, "reject");
  return renderPage(
    <Layout title={{ vi: `Lô tem #${b.id} — ${b.productName}`, en: `Stamp batch #${b.id} — ${b.productName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/stamps">{t(L, { vi: "← Các lô tem", en: "← All batches" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <Problem error={errOf(p.error, "approve")} locale={L} />
      <section class="card">
        <table>
          <tbody>
            <tr>
              <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
              <td>{b.productName}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Trạng thái", en: "State" })}</th>
              <td>{t(L, STATES[b.state])}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Số lượng", en: "Quantity" })}</th>
              <td>{nf(L, b.quantity)}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Đã kích hoạt", en: "Activated" })}</th>
              <td>{nf(L, b.counts.activated)}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Đã hủy", en: "Voided" })}</th>
              <td>{nf(L, b.counts.voided)}</td>
            </tr>
            <tr>
              <th>{t(L, { vi: "Đã được quét", en: "Scanned" })}</th>
              <td>{nf(L, b.counts.scanned)}</td>
            </tr>
            {b.requestNote ? (
              <tr>
                <th>{t(L, { vi: "Ghi chú", en: "Note" })}</th>
                <td>{b.requestNote}</td>
              </tr>
            ) : null}
            {b.rejectReason ? (
              <tr>
                <th>{t(L, { vi: "Lý do từ chối", en: "Reason for rejection" })}</th>
                <td>{b.rejectReason}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {issued ? (
          <p>
            <a href={`/api/stamp-batches/${b.id}/sheet.pdf`}>{t(L, { vi: "In tem (tờ A4)", en: "Print (A4 sheets)" })}</a>
            {" · "}
            <a href={`/api/stamp-batches/${b.id}/sheet.pdf?layout=roll`}>{t(L, { vi: "In tem (cuộn nhãn)", en: "Print (label roll)" })}</a>
          </p>
        ) : null}
        {issued ? (
          <form method="post" action={`/stamps/${b.id}/printed`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <button type="submit">{t(L, { vi: "Đánh dấu đã in", en: "Mark as printed" })}</button>
          </form>
        ) : null}
      </section>
      {p.canIssue && b.state === "requested" ? (
        <>
          <form method="post" action={`/stamps/${b.id}/approve`} class="card">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <h2>{t(L, { vi: "Duyệt đề nghị", en: "Approve the request" })}</h2>
            <button type="submit">{t(L, { vi: "Duyệt và phát hành", en: "Approve and issue" })}</button>
          </form>
          <form method="post" action={`/stamps/${b.id}/reject`} class="card">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <h2>{t(L, { vi: "Từ chối đề nghị", en: "Reject the request" })}</h2>
            <Problem error={rejErr} locale={L} />
            <Field form="reject" name="rejectReason" path="reason" label={{ vi: "Lý do", en: "Reason" }} values={v} error={rejErr} locale={L} maxlength={2000} />
            <button type="submit">{t(L, { vi: "Từ chối", en: "Reject" })}</button>
          </form>
        </>
      ) : null}
      {p.canManage && issued ? (
        <>
          <form method="post" action={`/stamps/${b.id}/activate`} class="card">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <h2>{t(L, { vi: "Kích hoạt tem cho lô sản xuất", en: "Activate stamps on a production lot" })}</h2>
            <p class="sub">{t(L, { vi: "Để trống số đầu và số cuối để kích hoạt cả lô tem.", en: "Leave both ends empty for the whole batch." })}</p>
            <Problem error={actErr} locale={L} />
            <Field form="activate" name="fromSeq" type="number" label={{ vi: "Từ tem số", en: "From stamp no." }} values={v} error={actErr} locale={L} min={1} />
            <Field form="activate" name="toSeq" type="number" label={{ vi: "Đến tem số", en: "To stamp no." }} values={v} error={actErr} locale={L} min={1} />
            <Field form="activate" name="lotNumber" path="lot.lotNumber" label={{ vi: "Số lô sản xuất", en: "Lot number" }} values={v} error={actErr} locale={L} maxlength={60} />
            <Field form="activate" name="producedOn" path="lot.producedOn" type="date" label={{ vi: "Ngày sản xuất", en: "Production date" }} values={v} error={actErr} locale={L} />
            <Field form="activate" name="expiresOn" path="lot.expiresOn" type="date" label={{ vi: "Hạn sử dụng (nếu có)", en: "Expiry date (optional)" }} values={v} error={actErr} locale={L} />
            <Field form="activate" name="lotQuantity" path="lot.quantity" type="number" label={{ vi: "Số lượng sản phẩm của lô", en: "Quantity of the lot" }} values={v} error={actErr} locale={L} min={1} />
            <button type="submit">{t(L, { vi: "Kích hoạt", en: "Activate" })}</button>
          </form>
          <form method="post" action={`/stamps/${b.id}/void`} class="card">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <h2>{t(L, { vi: "Hủy tem (mất, thất lạc)", en: "Void stamps (lost or stolen)" })}</h2>
            <p class="sub">{t(L, { vi: "Để trống số đầu và số cuối để hủy cả lô tem. Tem đã hủy không kích hoạt lại được.", en: "Leave both ends empty for the whole batch. Voided stamps cannot be activated again." })}</p>
            <Problem error={voidErr} locale={L} />
            <Field form="void" name="voidFromSeq" path="fromSeq" type="number" label={{ vi: "Từ tem số", en: "From stamp no." }} values={v} error={voidErr} locale={L} min={1} />
            <Field form="void" name="voidToSeq" path="toSeq" type="number" label={{ vi: "Đến tem số", en: "To stamp no." }} values={v} error={voidErr} locale={L} min={1} />
            <Field form="void" name="voidReason" path="reason" label={{ vi: "Lý do hủy", en: "Reason" }} values={v} error={voidErr} locale={L} maxlength={2000} />
            <button type="submit">{t(L, { vi: "Hủy tem", en: "Void" })}</button>
          </form>
        </>
      ) : null}
    </Layout>,
  );
}
