import { AGENCY_KIND_LABELS, SOURCE_KIND_LABELS, SOURCE_KINDS } from "../../../domain/task-workflow.js";
import type { Bilingual, Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { AgencyView, UnitChoice } from "../inputs.js";

/** The task form as typed; the assignee is one select: "a12" (an agency) or "u34" (a unit). */
export type TaskFormValues = Partial<Record<"title" | "details" | "sourceKind" | "sourceNumber" | "sourceDate" | "sourceTitle" | "assignee" | "deadline" | "note", string>>;

const FIELD_PATHS: Record<string, string> = { sourceKind: "source.kind", sourceNumber: "source.number", sourceDate: "source.date", sourceTitle: "source.title" };
const pathOf = (name: string) => FIELD_PATHS[name] ?? name;

function Text(p: { name: keyof TaskFormValues; label: Bilingual; v: TaskFormValues; e: AppError | undefined; L: Locale; type?: string; area?: boolean; required?: boolean; paths?: string[] }) {
  const paths = p.paths ?? [pathOf(p.name)];
  const bad = paths.some((x) => fieldErr(p.e, x));
  return (
    <>
      <label for={p.name}>{t(p.L, p.label)}</label>
      {p.area ? (
        <textarea id={p.name} name={p.name} rows={3} required={p.required} aria-invalid={bad ? "true" : undefined}>
          {p.v[p.name] ?? ""}
        </textarea>
      ) : (
        <input id={p.name} name={p.name} type={p.type ?? "text"} value={p.v[p.name] ?? ""} required={p.required} aria-invalid={bad ? "true" : undefined} />
      )}
      {paths.map((x) => (
        <FieldMessage error={p.e} path={x} locale={p.L} />
      ))}
    </>
  );
}

export function taskFormPage(p: Frame & { mode: "new" | "edit"; action: string; back: string; values: TaskFormValues; agencies: AgencyView[]; units: UnitChoice[]; error?: AppError | undefined }): string {
  const L = p.locale;
  const v = p.values;
  const e = p.error;
  const edit = p.mode === "edit";
  return renderPage(
    <Layout title={edit ? { vi: "Sửa nhiệm vụ", en: "Edit the task" } : { vi: "Giao nhiệm vụ", en: "Assign a task" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={p.back}>{t(L, { vi: "← Quay lại", en: "← Back" })}</a>
      </p>
      <Problem error={e} locale={L} beside={["title", "details", "deadline", "assignee", "agencyId", "unitId", "source.kind", "source.number", "source.date", "source.title", "note"]} />
      <form method="post" action={p.action}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <fieldset>
          <legend>{t(L, { vi: "Nhiệm vụ", en: "The task" })}</legend>
          <Text name="title" label={{ vi: "Nội dung nhiệm vụ", en: "What is to be done" }} v={v} e={e} L={L} area required />
          <Text name="details" label={{ vi: "Yêu cầu chi tiết (không bắt buộc)", en: "Details (optional)" }} v={v} e={e} L={L} area />
          {edit ? null : (
            <>
              <label for="assignee">{t(L, { vi: "Giao cho", en: "Assigned to" })}</label>
              <select id="assignee" name="assignee" required aria-invalid={["assignee", "agencyId", "unitId"].some((x) => fieldErr(e, x)) ? "true" : undefined}>
                <option value="">{t(L, { vi: "— chọn cơ quan hoặc đơn vị —", en: "— choose an agency or a unit —" })}</option>
                <optgroup label={t(L, { vi: "Sở, ban, ngành, đơn vị", en: "Agencies" })}>
                  {p.agencies.map((a) => (
                    <option value={`a${a.id}`} selected={v.assignee === `a${a.id}`}>
                      {`${a.name}${a.shortName ? ` (${a.shortName})` : ""} — ${t(L, AGENCY_KIND_LABELS[a.kind])}`}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t(L, { vi: "UBND cấp xã, cấp huyện", en: "Communes and districts" })}>
                  {p.units.map((u) => (
                    <option value={`u${u.id}`} selected={v.assignee === `u${u.id}`}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              </select>
              {["assignee", "agencyId", "unitId"].map((x) => (
                <FieldMessage error={e} path={x} locale={L} />
              ))}
            </>
          )}
          <Text name="deadline" type="date" label={{ vi: "Hạn hoàn thành (hết ngày theo giờ Việt Nam)", en: "Deadline (the day ends at midnight, Vietnam time)" }} v={v} e={e} L={L} required />
          {edit ? <Text name="note" label={{ vi: "Lý do thay đổi (ví dụ: gia hạn theo đề nghị)", en: "Reason for the change (e.g. extended on request)" }} v={v} e={e} L={L} /> : null}
        </fieldset>
        {edit ? null : (
          <fieldset>
            <legend>{t(L, { vi: "Văn bản giao nhiệm vụ", en: "The source document" })}</legend>
            <label for="sourceKind">{t(L, { vi: "Loại văn bản", en: "Kind of document" })}</label>
            <select id="sourceKind" name="sourceKind" required>
              {SOURCE_KINDS.map((k) => (
                <option value={k} selected={v.sourceKind === k}>
                  {t(L, SOURCE_KIND_LABELS[k])}
                </option>
              ))}
            </select>
            <FieldMessage error={e} path="source.kind" locale={L} />
            <Text name="sourceNumber" label={{ vi: "Số hiệu (ví dụ 05-TB/BCĐ; để trống nếu chưa có số)", en: "Number (e.g. 05-TB/BCĐ; empty if none)" }} v={v} e={e} L={L} />
            <Text name="sourceDate" type="date" label={{ vi: "Ngày ban hành", en: "Date issued" }} v={v} e={e} L={L} required />
            <Text name="sourceTitle" label={{ vi: "Trích yếu", en: "Title" }} v={v} e={e} L={L} area required />
          </fieldset>
        )}
        <button type="submit">{edit ? t(L, { vi: "Lưu thay đổi", en: "Save changes" }) : t(L, { vi: "Giao nhiệm vụ", en: "Assign the task" })}</button>
      </form>
    </Layout>,
  );
}
