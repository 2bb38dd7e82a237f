import { APPEAL_STATES, APPEAL_PERIOD_SOURCE, APPEAL_STATE_LABELS, type AppealState } from "../../../domain/appeal-period.js";
import { formatDate, formatDateTime, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Count, FilterForm } from "../../../web/list-kit.js";
import type { AppealView, DossierAppeals } from "../inputs.js";

/* Appeals of a result: the producer's section on the dossier page, and the office's list at /appeals. */

const score = (s: number | null, stars: number | null, L: Locale) => `${s === null ? "—" : formatNumber(s)} ${t(L, { vi: "điểm", en: "points" })} · ${stars ? "★".repeat(stars) : t(L, { vi: "chưa đạt hạng sao", en: "no star" })}`;

function AppealFacts({ a, locale: L }: { a: AppealView; locale: Locale }) {
  return (
    <dl class="props">
      <dt>{t(L, { vi: "Kết quả bị khiếu nại", en: "Appealed result" })}</dt>
      <dd>{`${a.roundName}: ${score(a.result.officialScore, a.result.stars, L)} (${t(L, { vi: "công bố", en: "published" })} ${formatDate(a.result.publishedOn)})`}</dd>
      <dt>{t(L, { vi: "Ngày gửi", en: "Filed" })}</dt>
      <dd>{formatDateTime(new Date(a.filedAt))}</dd>
      <dt>{t(L, { vi: "Căn cứ khiếu nại", en: "Grounds" })}</dt>
      <dd>{a.grounds}</dd>
      <dt>{t(L, { vi: "Trạng thái", en: "State" })}</dt>
      <dd>
        <span class={`badge ${a.state === "rejected" ? "badge-bad" : a.state === "filed" || a.state === "rescoring" ? "badge-warn" : "badge-ok"}`}>{t(L, a.stateLabel)}</span>
      </dd>
      {a.outcomeLabel ? (
        <>
          <dt>{t(L, { vi: "Quyết định", en: "Decision" })}</dt>
          <dd>{`${t(L, a.outcomeLabel)}${a.decidedAt ? ` (${formatDateTime(new Date(a.decidedAt))})` : ""}`}</dd>
          <dt>{t(L, { vi: "Lý do", en: "Reasons" })}</dt>
          <dd>{a.reason ?? ""}</dd>
        </>
      ) : null}
      {a.remedy ? (
        <>
          <dt>{t(L, { vi: "Biện pháp giải quyết", en: "Remedy" })}</dt>
          <dd>{a.remedy}</dd>
        </>
      ) : null}
      {a.rescore ? (
        <>
          <dt>{t(L, { vi: "Kết quả chấm lại", en: "Re-score" })}</dt>
          <dd>{a.rescore.final ? score(a.rescore.officialScore, a.rescore.stars, L) : t(L, { vi: "Hội đồng mới (không gồm người đã chấm) đang chấm", en: "A new council (none who scored it) is scoring" })}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The dossier page's section: the appeals and, while the period runs, the form. */
export function AppealsSection({ p, csrfToken, error, values, locale: L }: { p: DossierAppeals; csrfToken: string; error?: AppError | undefined; values?: Record<string, string> | undefined; locale: Locale }) {
  if (!p.items.length && !p.appealable) return null;
  return (
    <section class="card" id="appeals">
      <h2>{t(L, { vi: "Khiếu nại kết quả", en: "Appeals of the result" })}</h2>
      {p.items.map((a) => (
        <AppealFacts a={a} locale={L} />
      ))}
      {p.appealable ? (
        <form method="post" action={`/dossiers/${p.dossierId}/appeals`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="roundDossierId" value={String(p.appealable.roundDossierId)} />
          <p class="sub">{t(L, { vi: `Hạn khiếu nại: hết ngày ${formatDate(p.appealable.lastDay)} (${APPEAL_PERIOD_SOURCE.vi}).`, en: `Appeal by the end of ${formatDate(p.appealable.lastDay)} (${APPEAL_PERIOD_SOURCE.en}).` })}</p>
          <Problem error={error} locale={L} />
          <label for="grounds">{t(L, { vi: "Căn cứ khiếu nại (tiêu chí, minh chứng bị bỏ sót…)", en: "Grounds (criteria, evidence overlooked…)" })}</label>
          <textarea id="grounds" name="grounds" required maxlength={4000} rows={4}>
            {values?.["grounds"] ?? ""}
          </textarea>
          <FieldMessage error={error} path="grounds" locale={L} />
          <button type="submit">{t(L, { vi: "Gửi khiếu nại", en: "File the appeal" })}</button>
        </form>
      ) : null}
    </section>
  );
}

// ---- the office's list ----

export type AppealFailed = { id: number; values: Record<string, string>; error: AppError };
const NOTICES = { decided: { vi: "Đã ghi quyết định giải quyết khiếu nại.", en: "The decision is recorded." } };

export function appealsPage(p: Frame & { items: AppealView[]; state: AppealState | undefined; rounds: { id: number; name: string; level: string }[]; failed?: AppealFailed | undefined; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Khiếu nại kết quả đánh giá", en: "Appeals of council results" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <FilterForm action="/appeals" locale={L} values={{ state: p.state }} fields={[{ kind: "select", name: "state", label: { vi: "Trạng thái", en: "State" }, choices: APPEAL_STATES.map((s) => ({ value: s, label: APPEAL_STATE_LABELS[s] })) }]} />
      <Count total={p.items.length} noun={{ vi: "khiếu nại", en: "appeals" }} locale={L} />
      {p.items.length === 0 ? <p class="empty">{t(L, { vi: "Không có khiếu nại nào.", en: "No appeal." })}</p> : null}
      {p.items.map((a) => {
        const mine = p.failed?.id === a.id ? p.failed : undefined;
        const v = mine?.values ?? {};
        const fid = `appeal-${a.id}`;
        return (
          <section class="card" id={fid}>
            <h2>
              <a href={`/dossiers/${a.dossierId}`}>{a.productName}</a>
            </h2>
            <AppealFacts a={a} locale={L} />
            {a.state === "filed" ? (
              <form method="post" action={`/appeals/${a.id}/decision`}>
                <input type="hidden" name="_csrf" value={p.csrfToken} />
                <Problem error={mine?.error} locale={L} />
                <label for={`${fid}-outcome`}>{t(L, { vi: "Quyết định", en: "Decision" })}</label>
                <select id={`${fid}-outcome`} name="outcome">
                  <option value="rescore" selected={v["outcome"] === "rescore"}>{t(L, { vi: "Chấp nhận, chấm lại bởi thành viên chưa chấm hồ sơ", en: "Uphold, re-score by members who did not score it" })}</option>
                  <option value="other_remedy" selected={v["outcome"] === "other_remedy"}>{t(L, { vi: "Chấp nhận, biện pháp khác", en: "Uphold with another remedy" })}</option>
                  <option value="reject" selected={v["outcome"] === "reject"}>{t(L, { vi: "Không chấp nhận", en: "Reject" })}</option>
                </select>
                <label for={`${fid}-round`}>{t(L, { vi: "Đợt chấm lại (khi chấm lại)", en: "Re-scoring round (for a re-score)" })}</label>
                <select id={`${fid}-round`} name="roundId">
                  <option value="">—</option>
                  {p.rounds.map((r) => (
                    <option value={String(r.id)} selected={v["roundId"] === String(r.id)}>
                      {r.name}
                    </option>
                  ))}
                </select>
                <FieldMessage error={mine?.error} path="roundId" locale={L} />
                <label for={`${fid}-reason`}>{t(L, { vi: "Lý do", en: "Reasons" })}</label>
                <textarea id={`${fid}-reason`} name="reason" required maxlength={4000} rows={3}>
                  {v["reason"] ?? ""}
                </textarea>
                <FieldMessage error={mine?.error} path="reason" locale={L} />
                <label for={`${fid}-remedy`}>{t(L, { vi: "Biện pháp (khi chọn biện pháp khác)", en: "Remedy (for another remedy)" })}</label>
                <textarea id={`${fid}-remedy`} name="remedy" maxlength={4000} rows={2}>
                  {v["remedy"] ?? ""}
                </textarea>
                <FieldMessage error={mine?.error} path="remedy" locale={L} />
                <button type="submit">{t(L, { vi: "Ghi quyết định", en: "Record the decision" })}</button>
              </form>
            ) : null}
          </section>
        );
      })}
    </Layout>,
  );
}
