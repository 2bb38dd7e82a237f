import { AGENCY_KIND_LABELS, AGENCY_KINDS } from "../../../domain/task-workflow.js";
import { type Bilingual, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, ListTable } from "../../../web/list-kit.js";
import type { AgencyView } from "../inputs.js";

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã thêm cơ quan, đơn vị. Quản trị hệ thống cấp tài khoản cho cán bộ với vai trò \"Cán bộ sở, ban, ngành\" và mã cơ quan.", en: "Agency added. The system administrator grants its staff the agency staff role with the agency id." },
  updated: { vi: "Đã lưu.", en: "Saved." },
};

export type AgencyFormValues = { name?: string; shortName?: string; kind?: string };

function AgencyFields({ v, error, locale: L }: { v: AgencyFormValues; error: AppError | undefined; locale: Frame["locale"] }) {
  return (
    <>
      <label for="name">{t(L, { vi: "Tên cơ quan, đơn vị", en: "Name" })}</label>
      <input id="name" name="name" value={v.name ?? ""} required maxlength={200} aria-invalid={fieldErr(error, "name") ? "true" : undefined} />
      <FieldMessage error={error} path="name" locale={L} />
      <label for="shortName">{t(L, { vi: "Tên viết tắt (không bắt buộc)", en: "Short name (optional)" })}</label>
      <input id="shortName" name="shortName" value={v.shortName ?? ""} maxlength={50} />
      <FieldMessage error={error} path="shortName" locale={L} />
      <label for="kind">{t(L, { vi: "Loại", en: "Kind" })}</label>
      <select id="kind" name="kind" required>
        {AGENCY_KINDS.map((k) => (
          <option value={k} selected={v.kind === k}>
            {t(L, AGENCY_KIND_LABELS[k])}
          </option>
        ))}
      </select>
      <FieldMessage error={error} path="kind" locale={L} />
    </>
  );
}

export function agenciesPage(p: Frame & { agencies: AgencyView[]; done?: string | undefined; error?: AppError | undefined; values?: AgencyFormValues }): string {
  const L = p.locale;
  const columns: Column<AgencyView>[] = [
    {
      label: { vi: "Cơ quan, đơn vị", en: "Agency" },
      cell: (a) => (
        <>
          <a href={`/agencies/${a.id}/edit`}>{a.name}</a>
          <span class="sub">{[a.shortName, t(L, { vi: `mã ${a.id}`, en: `id ${a.id}` })].filter(Boolean).join(" · ")}</span>
        </>
      ),
    },
    { label: { vi: "Loại", en: "Kind" }, cell: (a) => t(L, AGENCY_KIND_LABELS[a.kind]) },
    { label: { vi: "Cán bộ có tài khoản", en: "Staff accounts" }, cell: (a) => formatNumber(a.staff), num: true },
    { label: { vi: "Nhiệm vụ đang thực hiện", en: "Open tasks" }, cell: (a) => <a href={`/tasks?assignee=a${a.id}`}>{formatNumber(a.openTasks)}</a>, num: true },
    { label: { vi: "Trạng thái", en: "Status" }, cell: (a) => <Badge tone={a.active ? "ok" : "muted"} label={a.active ? { vi: "Đang hoạt động", en: "Active" } : { vi: "Ngừng hoạt động", en: "Inactive" }} locale={L} /> },
  ];
  return renderPage(
    <Layout title={{ vi: "Cơ quan, đơn vị được giao nhiệm vụ", en: "Agencies assigned tasks" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="lead">
        {t(L, {
          vi: "Các sở, ban, ngành, báo, đài, ngân hàng và tổ chức không phải đơn vị hành chính mà Văn phòng Điều phối giao nhiệm vụ. Cán bộ của mỗi cơ quan đăng nhập để báo cáo nhiệm vụ của cơ quan mình.",
          en: "The departments, press, banks and organisations (not administrative units) the office assigns tasks to. Their staff sign in to report on their own agency's tasks.",
        })}
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <ListTable columns={columns} rows={p.agencies} locale={L} empty={{ vi: "Chưa có cơ quan, đơn vị nào.", en: "No agency yet." }} />
      <section class="card">
        <h2>{t(L, { vi: "Thêm cơ quan, đơn vị", en: "Add an agency" })}</h2>
        <Problem error={p.error} locale={L} beside={["name", "shortName", "kind"]} />
        <form method="post" action="/agencies">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <AgencyFields v={p.values ?? {}} error={p.error} locale={L} />
          <p>
            <button type="submit">{t(L, { vi: "Thêm", en: "Add" })}</button>
          </p>
        </form>
      </section>
    </Layout>,
  );
}

export function agencyEditPage(p: Frame & { agency: AgencyView; error?: AppError | undefined; values?: AgencyFormValues & { active?: string } }): string {
  const L = p.locale;
  const a = p.agency;
  const v = p.values ?? { name: a.name, shortName: a.shortName ?? "", kind: a.kind, active: a.active ? "1" : "0" };
  return renderPage(
    <Layout title={{ vi: `Sửa: ${a.name}`, en: `Edit: ${a.name}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/agencies">{t(L, { vi: "← Danh sách cơ quan, đơn vị", en: "← All agencies" })}</a>
      </p>
      <Problem error={p.error} locale={L} beside={["name", "shortName", "kind"]} />
      <form method="post" action={`/agencies/${a.id}/edit`}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <AgencyFields v={v} error={p.error} locale={L} />
        <label for="active">{t(L, { vi: "Trạng thái", en: "Status" })}</label>
        <select id="active" name="active">
          <option value="1" selected={v.active !== "0"}>
            {t(L, { vi: "Đang hoạt động", en: "Active" })}
          </option>
          <option value="0" selected={v.active === "0"}>
            {t(L, { vi: "Ngừng hoạt động (cán bộ không còn đăng nhập làm việc với nhiệm vụ, không giao việc mới)", en: "Inactive (its staff's roles stop acting; no new tasks)" })}
          </option>
        </select>
        <p>
          <button type="submit">{t(L, { vi: "Lưu", en: "Save" })}</button>
        </p>
      </form>
    </Layout>,
  );
}
