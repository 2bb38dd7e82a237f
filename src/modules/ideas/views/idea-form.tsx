import { CRITERIA_SETS, PRODUCT_KINDS, PRODUCT_KIND_LABELS, criteriaSetLabel } from "../../../domain/product-categories.js";
import { type Bilingual, formatDate, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { CycleView } from "../../cycles/index.js";
import type { IdeaFormField, IdeaView } from "../inputs.js";

export type IdeaFormValues = Partial<Record<IdeaFormField | "cycleId", string>>;

export const FIELD_LABELS: Record<IdeaFormField, { label: Bilingual; help?: Bilingual; long?: boolean }> = {
  name: { label: { vi: "Tên sản phẩm dự kiến", en: "Product name" } },
  criteriaSetId: { label: { vi: "Nhóm, phân nhóm sản phẩm (Phụ lục I)", en: "Product group and subgroup (Annex I)" } },
  description: { label: { vi: "Mô tả sản phẩm", en: "Description" }, help: { vi: "Sản phẩm là gì, làm thế nào, khác gì sản phẩm cùng loại.", en: "What it is, how it is made, how it differs." }, long: true },
  coreBenefit: { label: { vi: "Lợi ích cốt lõi cho khách hàng", en: "Core benefit for the customer" }, long: true },
  rawMaterials: { label: { vi: "Nguyên liệu chính", en: "Main raw materials" }, long: true },
  rawMaterialOrigin: { label: { vi: "Nguồn gốc nguyên liệu", en: "Origin of the raw materials" }, help: { vi: "Vùng trồng, hộ liên kết, tỷ lệ nguyên liệu tại địa phương.", en: "Growing area, partner households, share sourced locally." }, long: true },
  packaging: { label: { vi: "Bao bì, đóng gói", en: "Packaging" }, long: true },
  expectedMarket: { label: { vi: "Thị trường dự kiến", en: "Expected market" }, long: true },
};

export function formValuesOf(i: IdeaView): IdeaFormValues {
  return {
    cycleId: String(i.cycleId),
    name: i.name,
    description: i.description,
    coreBenefit: i.coreBenefit,
    rawMaterials: i.rawMaterials,
    rawMaterialOrigin: i.rawMaterialOrigin,
    packaging: i.packaging,
    expectedMarket: i.expectedMarket,
    criteriaSetId: i.criteriaSetId === null ? "" : String(i.criteriaSetId),
  };
}

function IdeaForm(p: { locale: Locale; csrfToken: string; action: string; submit: Bilingual; cycles: CycleView[] | null; values: IdeaFormValues; error: AppError | undefined }) {
  const L = p.locale;
  const v = p.values;
  const invalid = (path: string) => (fieldErr(p.error, path) ? "true" : undefined);
  return (
    <form method="post" action={p.action}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {p.cycles ? (
        <>
          <label for="cycleId">{t(L, { vi: "Chu trình (năm)", en: "Cycle (year)" })}</label>
          <select id="cycleId" name="cycleId" required aria-invalid={invalid("cycleId")}>
            {p.cycles.map((c) => (
              <option value={String(c.id)} selected={v.cycleId === String(c.id)}>
                {`${c.year} — ${c.provinceName} (${t(L, { vi: "hạn đăng ký", en: "registration by" })} ${formatDate(c.deadlines.registration)})`}
              </option>
            ))}
          </select>
          <FieldMessage error={p.error} path="cycleId" locale={L} />
        </>
      ) : null}
      {(Object.keys(FIELD_LABELS) as IdeaFormField[]).map((f) => {
        const d = FIELD_LABELS[f];
        if (f === "criteriaSetId") {
          return (
            <>
              <label for={f}>{t(L, d.label)}</label>
              <select id={f} name={f} aria-invalid={invalid(f)}>
                <option value="">{t(L, { vi: "— chọn —", en: "— choose —" })}</option>
                {PRODUCT_KINDS.map((k) => (
                  <optgroup label={t(L, PRODUCT_KIND_LABELS[k])}>
                    {CRITERIA_SETS.filter((s) => s.kind === k).map((s) => (
                      <option value={String(s.id)} selected={v.criteriaSetId === String(s.id)}>
                        {`${s.id}. ${criteriaSetLabel(s.id, L)}`}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldMessage error={p.error} path={f} locale={L} />
            </>
          );
        }
        return (
          <>
            <label for={f}>{t(L, d.label)}</label>
            {d.help ? <p class="sub">{t(L, d.help)}</p> : null}
            {d.long ? (
              <textarea id={f} name={f} rows={3} aria-invalid={invalid(f)}>
                {v[f] ?? ""}
              </textarea>
            ) : (
              <input id={f} name={f} value={v[f] ?? ""} required={f === "name"} maxlength={300} aria-invalid={invalid(f)} />
            )}
            <FieldMessage error={p.error} path={f} locale={L} />
          </>
        );
      })}
      <p class="sub">{t(L, { vi: "Có thể lưu nháp khi mới điền một phần (chỉ cần tên sản phẩm); phải điền đủ mọi mục mới gửi đăng ký được.", en: "A draft may be saved part filled (only the product name is needed); every field must be filled before it is sent." })}</p>
      <button type="submit">{t(L, p.submit)}</button>
    </form>
  );
}

export function newIdeaPage(p: Frame & { cycles: CycleView[]; values?: IdeaFormValues; error?: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Đăng ký ý tưởng sản phẩm", en: "Register a product idea" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="lead">{t(L, { vi: "Phiếu đăng ký ý tưởng sản phẩm. Ý tưởng được lưu nháp; bạn gửi cho xã khi đã sẵn sàng.", en: "The product idea registration form. It is saved as a draft; you send it to the commune when ready." })}</p>
      <Problem error={p.error} locale={L} />
      {p.cycles.length === 0 ? (
        <p class="empty">{t(L, { vi: "Không có chu trình nào đang nhận đăng ký ở tỉnh của bạn.", en: "No cycle is taking registrations in your province now." })}</p>
      ) : (
        <IdeaForm locale={L} csrfToken={p.csrfToken} action="/ideas/new" submit={{ vi: "Lưu nháp", en: "Save draft" }} cycles={p.cycles} values={p.values ?? { cycleId: String(p.cycles[0]!.id) }} error={p.error} />
      )}
    </Layout>,
  );
}

export function editIdeaPage(p: Frame & { idea: IdeaView; values?: IdeaFormValues; error?: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: `Sửa ý tưởng: ${p.idea.name}`, en: `Edit idea: ${p.idea.name}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/ideas/${p.idea.id}`}>{t(L, { vi: "← Về ý tưởng", en: "← Back to the idea" })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      <IdeaForm locale={L} csrfToken={p.csrfToken} action={`/ideas/${p.idea.id}/edit`} submit={{ vi: "Lưu", en: "Save" }} cycles={null} values={p.values ?? formValuesOf(p.idea)} error={p.error} />
    </Layout>,
  );
}
