import type { CouncilResult } from "../../../domain/council-result.js";
import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { ResultView, RoundDossierView, RoundView } from "../inputs.js";
import { rubricVersionBasis } from "../../rubrics/index.js";

/**
 * The council's pages: the rounds a person runs or sits on, and one round "at a glance" — for each dossier the
 * caller's own sheet, and for the chair and the office the progress, quorum, spread and what still blocks the
 * result, with the notes and the finalising step. Scoring itself is on the sheet page.
 */

const LEVELS: Record<RoundView["level"], Bilingual> = {
  district: { vi: "Cấp huyện", en: "District" },
  province: { vi: "Cấp tỉnh", en: "Province" },
  central: { vi: "Cấp trung ương", en: "Central" },
};
const SEATS: Record<string, Bilingual> = { chair: { vi: "Chủ tịch", en: "Chair" }, member: { vi: "Thành viên", en: "Member" }, secretary: { vi: "Thư ký", en: "Secretary" } };
const NOTICES: Record<string, Bilingual> = {
  discussion: { vi: "Đã ghi nội dung thảo luận của Hội đồng.", en: "The council's discussion is recorded." },
  band_edge: { vi: "Đã ghi ý kiến của Chủ tịch.", en: "The chair's note is recorded." },
  final: { vi: "Đã chốt kết quả.", en: "The result is final." },
  acting_chair: { vi: "Đã cử người chủ trì thay đối với hồ sơ.", en: "An acting chair is seated for the dossier." },
  elimination: { vi: "Đã ghi nhận quyết định về việc loại hồ sơ.", en: "The elimination decision is recorded." },
};
const score = (n: unknown) => (typeof n === "number" ? formatNumber(n) : "—");

export function roundsPage(p: Frame & { rounds: RoundView[]; canOpen: boolean }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Đợt đánh giá, phân hạng", en: "Evaluation rounds" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.canOpen ? (
        <p>
          <a class="button" href="/rounds/new">
            {t(L, { vi: "Mở đợt đánh giá", en: "Open a round" })}
          </a>
        </p>
      ) : null}
      {p.rounds.length === 0 ? <p class="empty">{t(L, { vi: "Bạn chưa điều hành hay tham gia đợt nào.", en: "You run or sit on no round." })}</p> : null}
      <ul>
        {p.rounds.map((r) => (
          <li>
            <a href={`/rounds/${r.id}`}>{r.name}</a> <span class="sub">{`${t(L, LEVELS[r.level])} · ${r.unitName} · ${formatDate(r.opensOn)}–${formatDate(r.closesOn)}${r.myRole ? ` · ${t(L, SEATS[r.myRole]!)}` : ""}`}</span>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export type Row = { rd: RoundDossierView; result: ResultView | null; hidden: Bilingual | null; eliminationRules: { id: string; vi: string }[] };

/** The chair records that one of the set's elimination rules applies (or withdraws it). */
function Elimination({ base, csrf, locale: L, result, eliminationRules }: { base: string; csrf: string; locale: Locale; result: ResultView | null; eliminationRules: Row["eliminationRules"] }) {
  if (!eliminationRules.length) return null;
  return (
    <details>
      <summary>{t(L, { vi: "Loại hồ sơ theo quy định của bộ tiêu chí", en: "Eliminate under the criteria set's rules" })}</summary>
      <form method="post" action={`${base}/elimination`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset>
          <legend>{t(L, { vi: "Quy định áp dụng", en: "Rule applied" })}</legend>
          {eliminationRules.map((e) => (
            <label>
              <input type="radio" name="ruleId" value={e.id} checked={result?.elimination?.ruleId === e.id} /> {`${e.id}: ${e.vi}`}
            </label>
          ))}
          {result?.elimination ? (
            <label>
              <input type="radio" name="ruleId" value="" /> {t(L, { vi: "Rút lại quyết định loại", en: "Withdraw the elimination" })}
            </label>
          ) : null}
        </fieldset>
        <label>
          {t(L, { vi: "Căn cứ", en: "Grounds" })}
          <textarea name="note" rows={2} required maxlength={2000}></textarea>
        </label>
        <button type="submit" class="secondary">{t(L, { vi: "Ghi nhận", en: "Record" })}</button>
      </form>
    </details>
  );
}

function Glance({ row, round, me, csrf, locale: L, error }: { row: Row; round: RoundView; me: string; csrf: string; locale: Locale; error: AppError | undefined }) {
  const r = row.result;
  const c = r?.council as Partial<CouncilResult> | undefined;
  // The dossier's chair (the acting chair when the council's chair is conflicted) takes the chair's steps.
  const runs = r?.chairId === me && !row.rd.myConflict;
  const manager = round.myRole === null;
  const chairRecused = r?.reasons.some((x) => x.code === "chair_recused") ?? false;
  const base = `/rounds/${round.id}/dossiers/${row.rd.id}`;
  return (
    <section class="card" id={`rd-${row.rd.id}`}>
      <h2>{row.rd.productName}</h2>
      <p class="sub">
        {criteriaSetLabel(row.rd.criteriaSetId, L)} · <a href={base}>{t(L, { vi: "Xem hồ sơ, giấy tờ và thay đổi", en: "The dossier, its documents and changes" })}</a>
      </p>
      {round.myRole && round.myRole !== "secretary" ? (
        <p>
          {row.rd.myConflict ? (
            t(L, { vi: "Bạn đã khai xung đột lợi ích với hồ sơ này.", en: "You declared a conflict of interest on this dossier." })
          ) : (
            <a class="button" href={`${base}/sheet`}>
              {row.rd.mySheet === "submitted" ? t(L, { vi: "Xem phiếu đã nộp", en: "See my submitted sheet" }) : t(L, { vi: "Chấm điểm", en: "Score" })}
            </a>
          )}
        </p>
      ) : null}
      {row.hidden ? <p class="sub">{t(L, row.hidden)}</p> : null}
      {!r && row.rd.chairId === me && !row.rd.final && !row.rd.myConflict ? <Elimination base={base} csrf={csrf} locale={L} result={null} eliminationRules={row.eliminationRules} /> : null}
      {r && c ? (
        <>
          <table>
            <tbody>
              <tr>
                <th>{t(L, { vi: "Phiếu đã nộp / cần", en: "Sheets submitted / needed" })}</th>
                <td class="num">{`${c.quorum?.counted ?? 0} / ${c.quorum?.needed ?? 0} (${t(L, { vi: "đủ điều kiện", en: "eligible" })} ${c.quorum?.eligible ?? 0})`}</td>
              </tr>
              <tr>
                <th>{t(L, { vi: "Điểm trung bình", en: "Official score (mean)" })}</th>
                <td class="num">
                  <strong>{score(c.officialScore)}</strong>
                </td>
              </tr>
              <tr>
                <th>{t(L, { vi: "Trung vị · chênh lệch", en: "Median · spread" })}</th>
                <td class="num">{`${score(c.median)} · ${score(c.spread)}${c.divergenceExceeded ? ` ⚠ > ${formatNumber(round.divergenceLimit)}` : ""}`}</td>
              </tr>
              {r.stars ? (
                <tr>
                  <th>{t(L, { vi: "Hạng sao", en: "Stars" })}</th>
                  <td class="num">{typeof r.stars.stars === "number" && r.stars.stars > 0 ? "★".repeat(r.stars.stars) : "—"}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {r.reasons.length ? (
            <div class="notice warn">
              <p>{t(L, { vi: "Chưa chốt được kết quả:", en: "The result cannot be final yet:" })}</p>
              <ul>
                {r.reasons.map((x) => (
                  <li>{L === "vi" ? x.vi : x.en}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {r.final ? (
            <p>
              <span class="badge badge-ok">{t(L, { vi: "Đã chốt", en: "Final" })}</span> <a href={`/api${base}/minutes.pdf`}>{t(L, { vi: "Biên bản (PDF)", en: "Minutes (PDF)" })}</a>
            </p>
          ) : runs ? (
            <>
              {c.divergenceExceeded ? (
                <form method="post" action={`${base}/discussion`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label for={`d-${row.rd.id}`}>{t(L, { vi: "Nội dung thảo luận khi điểm chênh lệch", en: "The council's discussion of diverging totals" })}</label>
                  <textarea id={`d-${row.rd.id}`} name="note" rows={2} required>
                    {r.discussionNote ?? ""}
                  </textarea>
                  <button type="submit" class="secondary">{t(L, { vi: "Ghi thảo luận", en: "Record the discussion" })}</button>
                </form>
              ) : null}
              {c.bandEdgeNoteNeeded ? (
                <form method="post" action={`${base}/chair-note`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label for={`n-${row.rd.id}`}>{t(L, { vi: "Ý kiến của Chủ tịch (điểm sát ngưỡng hạng sao)", en: "The chair's note (score at a star band's edge)" })}</label>
                  <textarea id={`n-${row.rd.id}`} name="note" rows={2} required>
                    {r.chairNote ?? ""}
                  </textarea>
                  <button type="submit" class="secondary">{t(L, { vi: "Ghi ý kiến", en: "Record the note" })}</button>
                </form>
              ) : null}
              <Elimination base={base} csrf={csrf} locale={L} result={r} eliminationRules={row.eliminationRules} />
              <form method="post" action={`${base}/finalise`}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" disabled={!r.canFinalise}>
                  {t(L, { vi: "Chốt kết quả", en: "Finalise the result" })}
                </button>
              </form>
            </>
          ) : manager && chairRecused ? (
            <form method="post" action={`${base}/acting-chair`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <label for={`ac-${row.rd.id}`}>{t(L, { vi: "Cử người chủ trì thay (Chủ tịch vướng xung đột lợi ích)", en: "Seat an acting chair (the chair is conflicted)" })}</label>
              <select id={`ac-${row.rd.id}`} name="userId">
                {round.council
                  .filter((m) => m.role === "member")
                  .map((m) => (
                    <option value={m.userId}>{m.displayName}</option>
                  ))}
              </select>
              <label for={`acr-${row.rd.id}`}>{t(L, { vi: "Căn cứ ủy quyền", en: "Grounds for the delegation" })}</label>
              <input id={`acr-${row.rd.id}`} name="reason" required maxlength={2000} />
              <button type="submit" class="secondary">{t(L, { vi: "Cử người chủ trì", en: "Seat the acting chair" })}</button>
            </form>
          ) : null}
          {r.elimination ? <p class="notice warn">{`${t(L, { vi: "Hồ sơ bị loại", en: "Eliminated" })} (${r.elimination.ruleId}): ${r.elimination.note}`}</p> : null}
          {error ? <Problem error={error} locale={L} /> : null}
        </>
      ) : null}
    </section>
  );
}

export function roundPage(p: Frame & { round: RoundView; rows: Row[]; done?: string | undefined; error?: { rdId: number; error: AppError } }): string {
  const L = p.locale;
  const r = p.round;
  return renderPage(
    <Layout title={{ vi: r.name, en: r.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/rounds">{t(L, { vi: "← Các đợt", en: "← All rounds" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p class="sub">{`${t(L, LEVELS[r.level])} · ${r.unitName} · ${formatDate(r.opensOn)}–${formatDate(r.closesOn)} · ${t(L, rubricVersionBasis(r.rubricVersion))} · ${t(L, { vi: "túc số", en: "quorum" })} ${r.quorum.numerator}/${r.quorum.denominator}`}</p>
      <h2>{t(L, { vi: "Hội đồng", en: "Council" })}</h2>
      {r.myRole === null ? (
        <p>
          <a href={`/rounds/${r.id}/setup`}>{t(L, { vi: "Thành phần Hội đồng và đưa hồ sơ vào đợt →", en: "Seat the council and assign dossiers →" })}</a>
        </p>
      ) : null}
      <ul>
        {r.council.map((m) => (
          <li>{`${m.displayName} — ${t(L, SEATS[m.role]!)}`}</li>
        ))}
      </ul>
      {p.rows.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có hồ sơ nào trong đợt.", en: "No dossier in this round yet." })}</p> : null}
      {p.rows.map((row) => (
        <Glance row={row} round={r} me={p.principal.userId} csrf={p.csrfToken} locale={L} error={p.error?.rdId === row.rd.id ? p.error.error : undefined} />
      ))}
    </Layout>,
  );
}
