import { type Action, can, unitScopes } from "../../../auth/policy.js";
import type { Principal } from "../../../domain/principal.js";
import { noteIn } from "../../../domain/successor.js";
import { type Bilingual, type Locale, formatDate, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { listHref } from "../../../web/list-kit.js";
import { Picker } from "../../../web/picker.js";
import { ROLE_LABELS } from "../../../web/role-labels.js";
import type { AuditFilter, AuditRecord, ChainReport } from "../inputs.js";
import { ACTION_LABELS, SUBJECT_LABELS, actionLabel, fieldLabel, stateLabel, subjectLabel, valueLabel } from "./labels.js";

export type AuditPageFilter = AuditFilter & { cursor?: number | undefined; limit: number; person?: string | undefined; unit?: string | undefined; from?: string | undefined; to?: string | undefined };

type AuditPageProps = Frame & {
  page: { items: AuditRecord[]; nextCursor: number | null };
  filter: AuditPageFilter;
  mayVerify: boolean;
  report: ChainReport | undefined;
  actors: { id: string; name: string; code: string }[];
  /** The names of the accounts the page's records mention by id (who granted, who scored, who is responsible). */
  people: ReadonlyMap<string, string>;
  units: { id: number; name: string; code: string; level: string; validTo: string | null }[];
  error?: AppError | undefined;
};

const LEVELS: Record<string, Bilingual> = { country: { vi: "cả nước", en: "country" }, province: { vi: "tỉnh", en: "province" }, district: { vi: "huyện", en: "district" }, commune: { vi: "xã", en: "commune" } };

/**
 * Where a record's subject can be opened, when it has a page of its own, and what the reader needs to open it:
 * an audit reader (the office, an inspector, the administrator) is not always one who may open the record.
 */
const SUBJECT_PAGES: Record<string, { href: (id: string) => string; action?: Action }> = {
  certificate: { href: (id) => `/c/${id}` },
  product: { href: (id) => `/products/${id}`, action: "products.read" },
  producer: { href: (id) => `/producers/${id}`, action: "producers.read" },
  idea: { href: (id) => `/ideas/${id}`, action: "ideas.read" },
  plan: { href: (id) => `/plans/${id}`, action: "plans.read" },
  dossier: { href: (id) => `/dossiers/${id}`, action: "dossiers.read" },
  stamp_batch: { href: (id) => `/stamps/${id}`, action: "stamps.read" },
  evaluation_round: { href: (id) => `/rounds/${id}`, action: "rounds.manage" },
  user: { href: (id) => `/admin/users/${id}`, action: "users.read" },
};

const TITLE = { vi: "Nhật ký kiểm toán", en: "Audit log" };

export function renderForbiddenPage(f: Frame): string {
  return renderPage(
    <Layout title={TITLE} {...f}>
      <div class="problem" role="alert">
        <p>
          {t(f.locale, {
            vi: "Tài khoản của bạn không có quyền xem nhật ký kiểm toán.",
            en: "Your account may not view the audit log.",
          })}
        </p>
      </div>
    </Layout>,
  );
}

function filterValues(f: AuditPageFilter): Record<string, string | undefined> {
  return { person: f.person, unit: f.unit, action: f.action, subjectType: f.subjectType, from: f.from, to: f.to, subjectId: f.subjectId, actorId: f.actorId, limit: f.limit !== 50 ? String(f.limit) : undefined };
}

function ReportBox({ report, locale }: { report: ChainReport; locale: Locale }) {
  if (report.ok) {
    return (
      <div class="notice ok" role="status">
        <p>
          <strong>{t(locale, { vi: "Chuỗi toàn vẹn.", en: "The chain is intact." })}</strong>{" "}
          {t(locale, {
            vi: `Đã kiểm tra ${formatNumber(report.records)} bản ghi; không bản ghi nào bị sửa, xoá hay chèn thêm.`,
            en: `${formatNumber(report.records)} records checked; none altered, removed or inserted.`,
          })}
        </p>
        <p class="hash">
          {t(locale, { vi: "Mã băm cuối", en: "Head hash" })}: <code>{report.headHash}</code>
        </p>
        <p>
          {report.lastCheckpoint
            ? t(locale, {
                vi: `${formatNumber(report.checkpoints)} điểm neo có chữ ký số đều hợp lệ; điểm mới nhất ở bản ghi số ${report.lastCheckpoint.seq}. Khóa công khai: /.well-known/audit-key (mã khóa ${report.keyId}).`,
                en: `${formatNumber(report.checkpoints)} signed checkpoints verified; the newest at record ${report.lastCheckpoint.seq}. Public key: /.well-known/audit-key (key id ${report.keyId}).`,
              })
            : t(locale, {
                vi: "Chưa có điểm neo có chữ ký số (được ký sau mỗi 100 bản ghi và hằng ngày).",
                en: "No signed checkpoint yet (one is signed every 100 records and daily).",
              })}
        </p>
      </div>
    );
  }
  return (
    <div class="problem" role="alert">
      <p>
        <strong>{t(locale, { vi: `Chuỗi bị phá vỡ tại bản ghi số ${report.brokenAt}.`, en: `The chain is broken at record ${report.brokenAt}.` })}</strong>{" "}
        {t(locale, {
          vi: `${formatNumber(report.records)} bản ghi trước đó vẫn toàn vẹn. Hãy báo ngay cho quản trị hệ thống.`,
          en: `The ${formatNumber(report.records)} records before it are intact. Report this to the system administrator at once.`,
        })}
      </p>
      <p>
        <code lang="en">{report.reason}</code>
      </p>
    </div>
  );
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Account ids in a record's values, so the page can name them. */
export function idsIn(v: unknown, depth = 0, into = new Set<string>()): Set<string> {
  if (typeof v === "string" && UUID.test(v)) into.add(v.toLowerCase());
  else if (depth < 3 && Array.isArray(v)) for (const x of v) idsIn(x, depth + 1, into);
  else if (depth < 3 && isPlain(v)) for (const x of Object.values(v)) idsIn(x, depth + 1, into);
  return into;
}

/** A stored value in words, cut to a line or two: dates as dd/mm/yyyy, numbers in vi-VN, yes/no, codes and account ids named, lists joined, small objects inline. */
function valueText(v: unknown, L: Locale, people: ReadonlyMap<string, string>): string {
  return clip(valueWords(v, L, people));
}

function valueWords(v: unknown, L: Locale, people: ReadonlyMap<string, string>, depth = 0): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return t(L, v ? { vi: "có", en: "yes" } : { vi: "không", en: "no" });
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    if (UUID.test(v)) return people.get(v.toLowerCase()) ?? t(L, { vi: "(tài khoản không còn)", en: "(account no longer exists)" });
    const named = /^[a-z][a-z_-]*$/.test(v) ? valueLabel(v) : undefined;
    if (named) return t(L, named);
    const note = noteIn(v, L);
    return note.length > 300 ? `${note.slice(0, 300)}…` : note;
  }
  if (Array.isArray(v)) return (v.length > 12 ? [...v.slice(0, 12).map((x) => valueWords(x, L, people, depth + 1)), "…"] : v.map((x) => valueWords(x, L, people, depth + 1))).join(", ") || "—";
  // A bilingual text stored whole (a reason, a title): the page's language only.
  if (isPlain(v) && typeof v.vi === "string" && typeof v.en === "string" && Object.keys(v).length === 2) return v[L] as string;
  if (isPlain(v) && depth < 2) {
    return Object.entries(v)
      .slice(0, 12)
      .map(([k, x]) => `${fieldLabel(k) ? t(L, fieldLabel(k)!) : k}: ${valueWords(x, L, people, depth + 1)}`)
      .join("; ");
  }
  return "…";
}

type Change = { key: string; before?: unknown; after?: unknown };

/** What changed: the fields whose values differ (every field of a creation), or the two values of a plain one. */
export function changesOf(before: unknown, after: unknown): Change[] {
  if (before === null && after === null) return [];
  if ((isPlain(before) || before === null) && (isPlain(after) || after === null)) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ key: k, ...(k in b ? { before: b[k] } : {}), ...(k in a ? { after: a[k] } : {}) }));
  }
  return [{ key: "", before, after }];
}

function Changes({ r, locale: L, people }: { r: AuditRecord; locale: Locale; people: ReadonlyMap<string, string> }) {
  const changes = changesOf(r.before, r.after);
  if (!changes.length) return null;
  const shown = changes.slice(0, 6);
  return (
    <ul class="diff">
      {shown.map((c) => {
        const named = c.key ? fieldLabel(c.key) : { vi: "Nội dung", en: "Content" };
        // A field no label names yet is shown by its stored name, marked as such (not words of the page).
        const label = named ? t(L, named) : <code translate="no">{c.key}</code>;
        const show = (v: unknown) => {
          const state = c.key === "state" ? stateLabel(r.subjectType, v) : c.key === "role" || c.key === "actorRole" ? ROLE_LABELS[v as keyof typeof ROLE_LABELS] : undefined;
          return state ? t(L, state) : valueText(v, L, people);
        };
        return (
          <li>
            <strong>{label}</strong>
            {": "}
            {"before" in c && r.before !== null ? (
              <>
                <del>{show(c.before)}</del>
                {" → "}
              </>
            ) : null}
            {"after" in c ? <ins>{show(c.after)}</ins> : <em>{t(L, { vi: "(bỏ)", en: "(removed)" })}</em>}
          </li>
        );
      })}
      {changes.length > shown.length ? <li class="sub">{t(L, { vi: `… và ${changes.length - shown.length} mục khác`, en: `… and ${changes.length - shown.length} more` })}</li> : null}
    </ul>
  );
}

/** A record's subject in words ("Lô tem số 5") and where the reader may open it, if anywhere. */
export function subjectOf(r: Pick<AuditRecord, "subjectType" | "subjectId">, principal: Principal, L: Locale): { text: string; href: string | undefined } {
  const target = SUBJECT_PAGES[r.subjectType];
  const mayOpen = target && (!target.action || unitScopes(principal, target.action).length > 0 || (target.action === "users.read" && can(principal, "users.read")));
  const numeric = /^\d+$/.test(r.subjectId);
  return { text: `${t(L, subjectLabel(r.subjectType))}${numeric ? ` ${t(L, { vi: "số", en: "no." })} ${r.subjectId}` : ""}`, href: mayOpen ? target.href(r.subjectId) : undefined };
}

function RecordRow({ r, locale: L, people, principal }: { r: AuditRecord; locale: Locale; people: ReadonlyMap<string, string>; principal: Principal }) {
  const { text: subject, href } = subjectOf(r, principal, L);
  return (
    <tr>
      <td data-label="#" class="num">
        {r.seq}
      </td>
      <td data-label={t(L, { vi: "Thời điểm", en: "Time" })}>
        <time datetime={r.at.toISOString()}>{formatDateTime(r.at)}</time>
      </td>
      <td data-label={t(L, { vi: "Người thực hiện", en: "By" })}>{r.actorName ?? (r.actorId ? t(L, { vi: "Tài khoản đã xóa", en: "Removed account" }) : t(L, { vi: "Hệ thống", en: "System" }))}</td>
      <td data-label={t(L, { vi: "Việc làm", en: "Action" })}>
        <strong>{t(L, actionLabel(r.action))}</strong>
        <span class="sub">{href ? <a href={href}>{subject}</a> : subject}</span>
      </td>
      <td data-label={t(L, { vi: "Thay đổi", en: "Changes" })}>
        <Changes r={r} locale={L} people={people} />
      </td>
    </tr>
  );
}

export function renderAuditPage(p: AuditPageProps): string {
  const L = p.locale;
  return renderPage(
    <Layout title={TITLE} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        {t(L, {
          vi: "Mọi thay đổi quan trọng (tài khoản, vai trò, chấm điểm, chứng nhận, tem) được ghi vào nhật ký chỉ-thêm. Mỗi bản ghi chứa mã băm của bản ghi trước, nên việc sửa hay xoá đều bị phát hiện.",
          en: "Every significant change (accounts, roles, scores, certificates, stamps) is written to an append-only log. Each record holds the hash of the one before, so any edit or removal is detected.",
        })}
      </p>

      <section class="card">
        <h2>{t(L, { vi: "Kiểm tra toàn vẹn", en: "Integrity check" })}</h2>
        {p.report && <ReportBox report={p.report} locale={L} />}
        {p.mayVerify ? (
          <form method="get" action="/admin/audit">
            <input type="hidden" name="verify" value="1" />
            <button type="submit">{t(L, { vi: "Kiểm tra toàn bộ chuỗi", en: "Verify the whole chain" })}</button>
          </form>
        ) : (
          <p>{t(L, { vi: "Chỉ Văn phòng Điều phối tỉnh và quản trị hệ thống được chạy kiểm tra.", en: "Only the provincial office and system administrators may run the check." })}</p>
        )}
      </section>

      <section>
        <h2>{t(L, { vi: "Bản ghi gần nhất", en: "Latest records" })}</h2>
        <form method="get" action="/admin/audit" class="card filters" role="search">
          <Problem error={p.error} locale={L} />
          <div class="wide">
            <Picker id="f-person" name="person" label={{ vi: "Người thực hiện", en: "Person" }} value={p.filter.person ?? ""} choices={p.actors} error={p.error} locale={L} hint={{ vi: "Gõ họ tên hoặc tên đăng nhập.", en: "Type the name or the username." }} />
          </div>
          <div class="wide">
            <Picker
              id="f-unit"
              name="unit"
              label={{ vi: "Đơn vị của người thực hiện", en: "The person's unit" }}
              value={p.filter.unit ?? ""}
              choices={p.units.map((u) => ({ id: u.id, name: u.name, code: u.code, hint: t(L, LEVELS[u.level] ?? { vi: u.level, en: u.level }) + (u.validTo ? t(L, { vi: " (đã sáp nhập)", en: " (merged)" }) : "") }))}
              error={p.error}
              locale={L}
              hint={{ vi: "Gõ tên hoặc mã đơn vị hành chính; gồm cả các đơn vị trực thuộc.", en: "Type the unit's name or code; units under it are included." }}
            />
          </div>
          <div>
            <label for="f-action">{t(L, { vi: "Việc làm", en: "Action" })}</label>
            <select id="f-action" name="action">
              <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
              {Object.entries(ACTION_LABELS).map(([code, label]) => (
                <option value={code} selected={p.filter.action === code}>
                  {t(L, label)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-subjectType">{t(L, { vi: "Loại hồ sơ", en: "Kind of record" })}</label>
            <select id="f-subjectType" name="subjectType">
              <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
              {Object.entries(SUBJECT_LABELS).map(([code, label]) => (
                <option value={code} selected={p.filter.subjectType === code}>
                  {t(L, label)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-from">{t(L, { vi: "Từ ngày", en: "From" })}</label>
            <input id="f-from" name="from" type="date" value={p.filter.from ?? ""} />
          </div>
          <div>
            <label for="f-to">{t(L, { vi: "Đến ngày", en: "To" })}</label>
            <input id="f-to" name="to" type="date" value={p.filter.to ?? ""} />
            <FieldMessage error={p.error} path="to" locale={L} />
          </div>
          {p.filter.subjectId ? <input type="hidden" name="subjectId" value={p.filter.subjectId} /> : null}
          {p.filter.actorId ? <input type="hidden" name="actorId" value={p.filter.actorId} /> : null}
          <div class="actions">
            <button type="submit">{t(L, { vi: "Lọc", en: "Filter" })}</button>
            <a href="/admin/audit">{t(L, { vi: "Bỏ lọc", en: "Clear filters" })}</a>
          </div>
        </form>
        {p.page.items.length === 0 ? (
          <p class="empty">{t(L, { vi: "Không có bản ghi nào phù hợp.", en: "No matching records." })}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t(L, { vi: "Thời điểm", en: "Time" })}</th>
                  <th scope="col">{t(L, { vi: "Người thực hiện", en: "By" })}</th>
                  <th scope="col">{t(L, { vi: "Việc làm", en: "Action" })}</th>
                  <th scope="col">{t(L, { vi: "Thay đổi", en: "Changes" })}</th>
                </tr>
              </thead>
              <tbody>
                {p.page.items.map((r) => (
                  <RecordRow r={r} locale={L} people={p.people} principal={p.principal} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label={t(L, { vi: "Phân trang", en: "Pages" })}>
          {p.filter.cursor !== undefined && <a href={listHref("/admin/audit", filterValues(p.filter))}>{t(L, { vi: "← Mới nhất", en: "← Newest" })}</a>}
          {p.page.nextCursor !== null && <a href={listHref("/admin/audit", filterValues(p.filter), { cursor: p.page.nextCursor })}>{t(L, { vi: "Cũ hơn →", en: "Older →" })}</a>}
        </nav>
      </section>
    </Layout>,
  );
}
