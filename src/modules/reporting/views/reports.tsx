import { COUNT_LINES, FUNDING_LINES, REPORT_STATUS_LABELS, SECTION_KEYS, SECTION_LABELS, formatMillions, monthLabel, type FiguresJson, type ReportStatus } from "../../../domain/monthly-report.js";
import { type Bilingual, type Locale, formatDate, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Tone } from "../../../web/list-kit.js";
import type { MonthlyReport, Overview, Rollup, UnitReports } from "../inputs.js";

const TONE: Record<ReportStatus, Tone> = { not_open: "muted", open: "info", due_soon: "warn", overdue: "bad", filed: "ok", filed_late: "warn" };
const StatusBadge = ({ status, locale }: { status: ReportStatus; locale: Locale }) => <Badge tone={TONE[status]} label={REPORT_STATUS_LABELS[status]} locale={locale} />;
const ml = (L: Locale, m: string) => t(L, monthLabel(m));
const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : "—");

const NOTICES: Record<string, Bilingual> = {
  saved: { vi: "Đã lưu nháp báo cáo.", en: "Draft saved." },
  filed: { vi: "Đã nộp báo cáo. Số liệu đã được chốt.", en: "Report filed. Its figures are frozen." },
  returned: { vi: "Đã trả lại báo cáo cho đơn vị để chỉnh sửa.", en: "Report returned to its unit for correction." },
};

/** The figures of a report: the month beside the year to date, money in million đồng as the seeds write it. */
export function FiguresTable({ month, ytd, locale: L }: { month: FiguresJson; ytd: FiguresJson; locale: Locale }) {
  const rows: [Bilingual, string, string, boolean][] = [];
  for (const [k, label] of COUNT_LINES) {
    rows.push([label, formatNumber(month[k] as number), formatNumber(ytd[k] as number), false]);
    if (k === "plansApproved") for (const [f, fl] of FUNDING_LINES) rows.push([{ vi: `${fl.vi} (triệu đồng)`, en: `${fl.en} (million đồng)` }, formatMillions(BigInt(month.funding[f])), formatMillions(BigInt(ytd.funding[f])), true]);
    if (k === "productsCertified") for (const s of [3, 4, 5] as const) rows.push([{ vi: `trong đó ${s} sao`, en: `of which ${s}★` }, formatNumber(month.certifiedByStars[s]), formatNumber(ytd.certifiedByStars[s]), true]);
  }
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t(L, { vi: "Chỉ tiêu", en: "Figure" })}</th>
            <th scope="col" class="num">{t(L, { vi: "Trong tháng", en: "In the month" })}</th>
            <th scope="col" class="num">{t(L, { vi: "Lũy kế từ đầu năm", en: "Year to date" })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, m, y, sub]) => (
            <tr>
              <td>{sub ? <span class="sub">{`— ${t(L, label)}`}</span> : t(L, label)}</td>
              <td class="num" data-label={t(L, { vi: "Trong tháng", en: "In the month" })}>
                {m}
              </td>
              <td class="num" data-label={t(L, { vi: "Lũy kế", en: "Year to date" })}>
                {y}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function unitReportsPage(p: Frame & { list: UnitReports; others: { id: number; fullName: string }[] }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: `Báo cáo tháng — ${p.list.unit.fullName}`, en: `Monthly reports — ${p.list.unit.fullName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.others.length > 1 ? (
        <p>
          {p.others.map((u) => (
            <>
              <a href={`/monthly-reports/units/${u.id}`}>{u.fullName}</a>{" "}
            </>
          ))}
        </p>
      ) : null}
      <p class="sub">
        {t(L, {
          vi: "Báo cáo của mỗi tháng nộp từ ngày 1 đến hết ngày 20 của tháng sau (giờ Việt Nam). Số liệu lấy từ hệ thống; khi nộp, số liệu được chốt.",
          en: "Each month's report is filed from the 1st to the end of the 20th of the following month (Vietnam time). Figures come from the registry and are frozen when filed.",
        })}
      </p>
      {p.list.items.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(L, { vi: "Tháng", en: "Month" })}</th>
                <th scope="col">{t(L, { vi: "Trạng thái", en: "Status" })}</th>
                <th scope="col">{t(L, { vi: "Hạn nộp", en: "Due" })}</th>
                <th scope="col">{t(L, { vi: "Nộp lúc", en: "Filed" })}</th>
              </tr>
            </thead>
            <tbody>
              {p.list.items.map((i) => (
                <tr>
                  <td data-label={t(L, { vi: "Tháng", en: "Month" })}>
                    <a href={`/monthly-reports/units/${p.list.unit.id}/${i.month}`}>{ml(L, i.month)}</a>
                  </td>
                  <td data-label={t(L, { vi: "Trạng thái", en: "Status" })}>
                    <StatusBadge status={i.status} locale={L} />
                    {i.state === "draft" ? <span class="sub">{` ${t(L, { vi: "(có bản nháp)", en: "(draft saved)" })}`}</span> : null}
                  </td>
                  <td data-label={t(L, { vi: "Hạn nộp", en: "Due" })}>{formatDate(i.dueDate)}</td>
                  <td data-label={t(L, { vi: "Nộp lúc", en: "Filed" })}>{when(i.filedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{t(L, { vi: "Đơn vị này không có kỳ báo cáo nào trong 12 tháng qua.", en: "This unit has no reporting month in the last 12 months." })}</p>
      )}
    </Layout>,
  );
}

export type ReportFormValues = Partial<Record<"number" | "place" | "recipients" | "signerName" | "signerTitle" | "results" | "difficulties" | "proposals", string>>;

export function reportPage(p: Frame & { report: MonthlyReport; done?: string | undefined; error?: AppError | undefined; values?: ReportFormValues }): string {
  const L = p.locale;
  const r = p.report;
  const v = (k: keyof ReportFormValues) => p.values?.[k] ?? r[k];
  const base = `/monthly-reports/units/${r.unit.id}/${r.month}`;
  return renderPage(
    <Layout title={{ vi: `Báo cáo ${monthLabel(r.month).vi} — ${r.unit.fullName}`, en: `${r.unit.fullName}: report for ${monthLabel(r.month).en}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/monthly-reports/units/${r.unit.id}`}>{t(L, { vi: "← Các tháng của đơn vị", en: "← The unit's months" })}</a> · <a href={`${base}/report.pdf`}>PDF</a> · <a href={`${base}/report.xlsx`}>XLSX</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <StatusBadge status={r.status} locale={L} />{" "}
        <span class="sub">
          {t(L, { vi: `Hạn nộp: hết ngày ${formatDate(r.dueDate)}`, en: `Due by the end of ${formatDate(r.dueDate)}` })}
          {r.filedAt ? ` · ${t(L, { vi: "Nộp lúc", en: "Filed" })} ${when(r.filedAt)}${r.filedByName ? ` (${r.filedByName})` : ""}` : ""}
        </span>
      </p>
      {r.standInNote ? <p class="sub">{r.standInNote}</p> : null}
      {r.returnReason ? (
        <div class="notice warn" role="status">
          <p>
            <strong>{t(L, { vi: "Văn phòng trả lại để chỉnh sửa:", en: "Returned by the office for correction:" })}</strong> {r.returnReason}
          </p>
        </div>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Số liệu từ hệ thống", en: "Figures from the registry" })}</h2>
        <p class="sub">
          {r.live
            ? t(L, { vi: "Số liệu hiện tại, tính lại mỗi lần mở; sẽ được chốt khi nộp.", en: "Live figures, recomputed on every visit; frozen when the report is filed." })
            : t(L, { vi: "Số liệu đã chốt khi nộp báo cáo.", en: "Figures as frozen when the report was filed." })}
        </p>
        <FiguresTable month={r.figures} ytd={r.yearToDate} locale={L} />
      </section>
      <Problem error={p.error} locale={L} beside={["results", "reason"]} />
      {r.canReturn ? (
        <form method="post" action={`${base}/return`} class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <label for="reason">{t(L, { vi: "Trả lại để đơn vị chỉnh sửa — lý do", en: "Return to the unit for correction — reason" })}</label>
          <textarea id="reason" name="reason" rows={2} required maxlength={2000}></textarea>
          <FieldMessage error={p.error} path="reason" locale={L} />
          <button type="submit" class="secondary">
            {t(L, { vi: "Trả lại báo cáo", en: "Return the report" })}
          </button>
        </form>
      ) : null}
      {r.editable ? (
        <form method="post" action={base} class="card">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <div class="grid">
            <label for="number">{t(L, { vi: "Số văn bản", en: "Document number" })}</label>
            <input id="number" name="number" maxlength={60} value={v("number")} placeholder="15/BC-UBND" />
            <label for="place">{t(L, { vi: "Địa danh (dòng ngày tháng)", en: "Place (date line)" })}</label>
            <input id="place" name="place" maxlength={100} value={v("place")} placeholder={r.unit.name} />
          </div>
          {SECTION_KEYS.map((k) => (
            <>
              <label for={k}>{t(L, SECTION_LABELS[k])}</label>
              <textarea id={k} name={k} rows={6} maxlength={20000} aria-describedby={k === "results" ? "results-error" : undefined}>
                {v(k)}
              </textarea>
              {k === "results" ? <FieldMessage error={p.error} path="results" locale={L} /> : null}
            </>
          ))}
          <label for="recipients">{t(L, { vi: "Nơi nhận (mỗi dòng một nơi)", en: "Recipients (one per line)" })}</label>
          <textarea id="recipients" name="recipients" rows={3} maxlength={2000}>
            {v("recipients")}
          </textarea>
          <label for="signerTitle">{t(L, { vi: "Chức vụ người ký", en: "Signer's title" })}</label>
          <input id="signerTitle" name="signerTitle" maxlength={120} value={v("signerTitle")} placeholder="Chủ tịch" />
          <label for="signerName">{t(L, { vi: "Họ tên người ký", en: "Signer's name" })}</label>
          <input id="signerName" name="signerName" maxlength={120} value={v("signerName")} />
          <div class="actions">
            <button type="submit" name="action" value="save" class="secondary">
              {t(L, { vi: "Lưu nháp", en: "Save draft" })}
            </button>
            {r.canFile ? (
              <button type="submit" name="action" value="file">
                {t(L, { vi: "Nộp báo cáo (chốt số liệu)", en: "File the report (freeze the figures)" })}
              </button>
            ) : (
              <span class="sub">{t(L, { vi: `Nộp được từ ngày ${formatDate(r.fileableFrom)}.`, en: `Can be filed from ${formatDate(r.fileableFrom)}.` })}</span>
            )}
          </div>
        </form>
      ) : (
        SECTION_KEYS.map((k) => (
          <section class="card">
            <h2>{t(L, SECTION_LABELS[k])}</h2>
            {(r[k] || "—").split(/\r?\n/).map((line) => (
              <p>{line}</p>
            ))}
          </section>
        ))
      )}
    </Layout>,
  );
}

const MonthForm = ({ action, month, locale: L }: { action: string; month: string; locale: Locale }) => (
  <form method="get" action={action} class="card filters">
    <div>
      <label for="month">{t(L, { vi: "Tháng", en: "Month" })}</label>
      <input id="month" name="month" type="month" value={month} />
    </div>
    <div class="actions">
      <button type="submit">{t(L, { vi: "Xem", en: "Show" })}</button>
    </div>
  </form>
);

export function overviewPage(p: Frame & { o: Overview }): string {
  const L = p.locale;
  const o = p.o;
  return renderPage(
    <Layout title={{ vi: `Báo cáo tháng: tình hình nộp ${monthLabel(o.month).vi}`, en: `Monthly reports: filing for ${monthLabel(o.month).en}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <MonthForm action="/monthly-reports/overview" month={o.month} locale={L} />
      <p>
        <a href={`/monthly-reports/rollup?month=${o.month}`}>{t(L, { vi: "Tổng hợp toàn tỉnh", en: "Province roll-up" })}</a>
      </p>
      <p class="count" role="status">
        {t(L, {
          vi: `${o.provinceName}: ${o.counts.total} đơn vị ${o.level === "district" ? "cấp huyện" : "cấp xã"} báo cáo · đã nộp ${o.counts.filed + o.counts.filedLate} (muộn ${o.counts.filedLate}) · chưa nộp ${o.counts.notFiled} (quá hạn ${o.counts.overdue}) · hạn ${formatDate(o.dueDate)}`,
          en: `${o.provinceName}: ${o.counts.total} ${o.level} units report · filed ${o.counts.filed + o.counts.filedLate} (late ${o.counts.filedLate}) · not filed ${o.counts.notFiled} (overdue ${o.counts.overdue}) · due ${formatDate(o.dueDate)}`,
        })}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Đơn vị", en: "Unit" })}</th>
              <th scope="col">{t(L, { vi: "Trạng thái", en: "Status" })}</th>
              <th scope="col">{t(L, { vi: "Nộp lúc", en: "Filed" })}</th>
            </tr>
          </thead>
          <tbody>
            {o.rows.map((r) => (
              <tr data-status={r.status}>
                <td data-label={t(L, { vi: "Đơn vị", en: "Unit" })}>
                  <a href={`/monthly-reports/units/${r.unit.id}/${o.month}`}>{r.unit.fullName}</a>
                </td>
                <td data-label={t(L, { vi: "Trạng thái", en: "Status" })}>
                  <StatusBadge status={r.status} locale={L} />
                  {r.returned ? (
                    <>
                      {" "}
                      <Badge tone="warn" label={{ vi: "Đã trả lại để chỉnh sửa", en: "Returned for correction" }} locale={L} />
                    </>
                  ) : null}
                </td>
                <td data-label={t(L, { vi: "Nộp lúc", en: "Filed" })}>{when(r.filedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

export function rollupPage(p: Frame & { r: Rollup }): string {
  const L = p.locale;
  const r = p.r;
  const cols: [Bilingual, (f: FiguresJson) => string][] = [
    [{ vi: "Ý tưởng đăng ký", en: "Ideas registered" }, (f) => formatNumber(f.ideasRegistered)],
    [{ vi: "Ý tưởng gửi tỉnh", en: "Ideas sent" }, (f) => formatNumber(f.ideasSent)],
    [{ vi: "Phương án phê duyệt", en: "Plans approved" }, (f) => formatNumber(f.plansApproved)],
    [{ vi: "Tổng kinh phí (triệu đồng)", en: "Funding (million đồng)" }, (f) => formatMillions(BigInt(f.funding.total))],
    [{ vi: "Vốn chủ cơ sở", en: "Own capital" }, (f) => formatMillions(BigInt(f.funding.ownCapital))],
    [{ vi: "Vốn vay", en: "Loans" }, (f) => formatMillions(BigInt(f.funding.loans))],
    [{ vi: "Vốn khác", en: "Other" }, (f) => formatMillions(BigInt(f.funding.otherSources))],
    [{ vi: "NSNN hỗ trợ", en: "State support" }, (f) => formatMillions(BigInt(f.funding.stateSupport))],
    [{ vi: "Sản phẩm đề xuất", en: "Products proposed" }, (f) => formatNumber(f.dossiersProposed)],
    [{ vi: "Sản phẩm công nhận", en: "Products certified" }, (f) => formatNumber(f.productsCertified)],
    [{ vi: "Tem phát hành", en: "Stamps issued" }, (f) => formatNumber(f.stampsIssued)],
    [{ vi: "Phản ánh tem giả", en: "Fake reports" }, (f) => formatNumber(f.fakeReports)],
  ];
  return renderPage(
    <Layout title={{ vi: `Tổng hợp báo cáo ${monthLabel(r.month).vi} — ${r.provinceName}`, en: `${r.provinceName}: roll-up for ${monthLabel(r.month).en}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <MonthForm action="/monthly-reports/rollup" month={r.month} locale={L} />
      <p>
        <a href={`/monthly-reports/overview?month=${r.month}`}>{t(L, { vi: "Tình hình nộp", en: "Who has filed" })}</a> · <a href={`/monthly-reports/rollup.xlsx?month=${r.month}`}>XLSX</a>
      </p>
      <section class="card">
        <p class="lead">{t(L, r.summary)}</p>
        <p class="sub">
          {t(L, {
            vi: "Mỗi dòng lấy số liệu của báo cáo đơn vị đã nộp (đã chốt); đơn vị chưa nộp lấy số liệu hiện tại của hệ thống.",
            en: "Each row is the unit's filed report (frozen) where it has filed, and the registry's live figures where it has not.",
          })}
        </p>
      </section>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Đơn vị", en: "Unit" })}</th>
              {cols.map(([c]) => (
                <th scope="col" class="num">
                  {t(L, c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr>
                <td data-label={t(L, { vi: "Đơn vị", en: "Unit" })}>
                  {row.unit.fullName}
                  {row.source === "live" ? <span class="sub">{` ${t(L, { vi: "(chưa nộp)", en: "(not filed)" })}`}</span> : null}
                </td>
                {cols.map(([c, f]) => (
                  <td data-label={t(L, c)} class="num">
                    {f(row.figures)}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <td data-label={t(L, { vi: "Đơn vị", en: "Unit" })}>
                <strong>{t(L, { vi: `Toàn tỉnh ${r.provinceName}`, en: `Province total (${r.provinceName})` })}</strong>
              </td>
              {cols.map(([c, f]) => (
                <td data-label={t(L, c)} class="num">
                  <strong>{f(r.total)}</strong>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {r.unattributedFakeReports.month ? (
        <p class="sub">{t(L, { vi: `Ngoài ra ${r.unattributedFakeReports.month} phản ánh tem giả có mã không xác định được sản phẩm.`, en: `Also ${r.unattributedFakeReports.month} fake reports whose code named no product.` })}</p>
      ) : null}
    </Layout>,
  );
}
