import { type Locale, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { AuditFilter, AuditRecord, ChainReport } from "../inputs.js";

type AuditPageProps = Frame & {
  page: { items: AuditRecord[]; nextCursor: number | null };
  filter: AuditFilter & { cursor?: number | undefined; limit: number };
  mayVerify: boolean;
  report: ChainReport | undefined;
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

function queryString(filter: AuditFilter & { limit: number }, cursor?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ subjectType: filter.subjectType, subjectId: filter.subjectId, actorId: filter.actorId, action: filter.action })) {
    if (v) q.set(k, v);
  }
  if (filter.limit !== 50) q.set("limit", String(filter.limit));
  if (cursor !== undefined) q.set("cursor", String(cursor));
  const s = q.toString();
  return s ? `?${s}` : "";
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

function Field(p: { name: keyof AuditFilter; label: string; value: string | undefined }) {
  return (
    <label>
      {p.label}
      <input name={p.name} value={p.value ?? ""} maxlength={128} />
    </label>
  );
}

function RecordRow({ r, locale }: { r: AuditRecord; locale: Locale }) {
  const changed = r.before !== null || r.after !== null;
  return (
    <tr>
      <td class="num">{r.seq}</td>
      <td>
        <time datetime={r.at.toISOString()}>{formatDateTime(r.at)}</time>
      </td>
      <td>{r.actorName ?? r.actorId ?? t(locale, { vi: "Hệ thống", en: "System" })}</td>
      <td>
        <code>{r.action}</code>
      </td>
      <td>
        {r.subjectType} <code>{r.subjectId}</code>
        {changed && (
          <details>
            <summary>{t(locale, { vi: "Trước / sau", en: "Before / after" })}</summary>
            <pre>{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
          </details>
        )}
      </td>
      <td>
        <code title={r.hash}>{r.hash.slice(0, 12)}…</code>
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
        <form method="get" action="/admin/audit" class="filters">
          <Field name="subjectType" label={t(L, { vi: "Loại đối tượng", en: "Subject type" })} value={p.filter.subjectType} />
          <Field name="subjectId" label={t(L, { vi: "Mã đối tượng", en: "Subject id" })} value={p.filter.subjectId} />
          <Field name="actorId" label={t(L, { vi: "Mã người thực hiện", en: "Actor id" })} value={p.filter.actorId} />
          <Field name="action" label={t(L, { vi: "Hành động", en: "Action" })} value={p.filter.action} />
          <button type="submit">{t(L, { vi: "Lọc", en: "Filter" })}</button>
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
                  <th scope="col">{t(L, { vi: "Người thực hiện", en: "Actor" })}</th>
                  <th scope="col">{t(L, { vi: "Hành động", en: "Action" })}</th>
                  <th scope="col">{t(L, { vi: "Đối tượng", en: "Subject" })}</th>
                  <th scope="col">{t(L, { vi: "Mã băm", en: "Hash" })}</th>
                </tr>
              </thead>
              <tbody>
                {p.page.items.map((r) => (
                  <RecordRow r={r} locale={L} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label={t(L, { vi: "Phân trang", en: "Pages" })}>
          {p.filter.cursor !== undefined && <a href={`/admin/audit${queryString(p.filter)}`}>{t(L, { vi: "← Mới nhất", en: "← Newest" })}</a>}
          {p.page.nextCursor !== null && (
            <a href={`/admin/audit${queryString(p.filter, p.page.nextCursor)}`}>{t(L, { vi: "Cũ hơn →", en: "Older →" })}</a>
          )}
        </nav>
      </section>
    </Layout>,
  );
}
