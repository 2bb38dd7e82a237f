import { DOSSIER_ACTION_LABELS, DOSSIER_STATE_LABELS, type DossierAction } from "../../../domain/dossier-workflow.js";
import { scoredItems, type RubricFile } from "../../../domain/rubric.js";
import { AppealsSection } from "./appeals.js";
import type { DossierAppeals } from "../inputs.js";
import { type Bilingual, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { DossierDetail, DossierView, FeedbackView } from "../inputs.js";
import { REGISTRATION_KINDS } from "../schema.js";
import { ScoreRows, type SheetValues } from "./score-rows.js";
import { CarryForwardCard, DocumentsList } from "./carry-forward.js";

/**
 * The producer's side of evaluation: its dossiers, the self-score on the same rubric the council uses (with
 * its total and the star minimums it still misses, as the producer writes), the steps it may take, and the
 * councils' feedback once results are final: part means and notes, never who gave them.
 */

const NOTICES: Record<string, Bilingual> = {
  appealed: { vi: "Đã gửi khiếu nại kết quả.", en: "The appeal is filed." },
  saved: { vi: "Đã lưu bảng tự chấm.", en: "Self-score saved." },
  evidence: { vi: "Đã tải lên tệp minh chứng.", en: "Evidence file uploaded." },
  ...Object.fromEntries(Object.entries(DOSSIER_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

export function listPage(p: Frame & { items: DossierView[] }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Hồ sơ đánh giá, phân hạng", en: "Evaluation dossiers" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.items.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có hồ sơ nào.", en: "No dossiers yet." })}</p> : null}
      <ul>
        {p.items.map((d) => (
          <li>
            <a href={`/dossiers/${d.id}`}>{d.productName}</a> <span class="sub">{`${d.productCode} · ${t(L, DOSSIER_STATE_LABELS[d.state])}`}</span>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export function detailPage(p: Frame & { d: DossierDetail; rubric: RubricFile; feedback: FeedbackView | null; appeals?: DossierAppeals | null; appealError?: AppError | undefined; appealValues?: Record<string, string>; values?: SheetValues; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const d = p.d;
  const s = d.selfScore;
  const rubric = p.rubric;
  const unmet = ([3, 4, 5] as const).filter((n) => s.unmetStarMinimums[n].length > 0);
  return renderPage(
    <Layout title={{ vi: `Hồ sơ: ${d.productName}`, en: `Dossier: ${d.productName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <Problem error={p.error} locale={L} />
      <p>
        <span class="badge">{t(L, DOSSIER_STATE_LABELS[d.state])}</span> <span class="sub">{`${d.productCode} · ${d.producerName} · ${d.communeName}`}</span>
      </p>
      {d.lastReason && d.state === "returned" ? (
        <div class="notice warn">
          <p>{`${t(L, { vi: "Lý do trả lại", en: "Returned because" })}: ${d.lastReason}`}</p>
        </div>
      ) : null}
      {d.actions.map((a) => (
        <form method="post" action={`/dossiers/${d.id}/actions`} class="inline">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <input type="hidden" name="action" value={a} />
          {a === "return" ? <textarea name="reason" rows={2} required aria-label={t(L, { vi: "Lý do", en: "Reason" })}></textarea> : null}
          <button type="submit">{t(L, DOSSIER_ACTION_LABELS[a as DossierAction])}</button>
        </form>
      ))}
      {p.feedback && p.feedback.rounds.length ? (
        <section class="card">
          <h2>{t(L, { vi: "Kết quả và góp ý của Hội đồng", en: "The councils' results and feedback" })}</h2>
          {p.feedback.rounds.map((r) => (
            <>
              <h3>{r.roundName}</h3>
              <p>
                <strong>{r.officialScore === null ? "—" : formatNumber(r.officialScore)}</strong> {t(L, { vi: "điểm", en: "points" })} · {r.stars ? "★".repeat(r.stars) : t(L, { vi: "chưa đạt hạng sao", en: "no star" })} ·{" "}
                {`A ${formatNumber(r.partMeans.A)} · B ${formatNumber(r.partMeans.B)} · C ${formatNumber(r.partMeans.C)}`}
              </p>
              {r.status ? <p class="notice">{t(L, r.status)}</p> : null}
              {r.elimination ? (
                <p class="notice warn">{`${t(L, { vi: "Hồ sơ bị loại", en: "The dossier was eliminated" })} (${r.elimination.ruleId}): ${r.elimination.rule} — ${r.elimination.note}`}</p>
              ) : null}
              <ul>
                {r.notes.map((n) => (
                  <li>{`${n.criterionId}: ${n.note}`}</li>
                ))}
              </ul>
            </>
          ))}
        </section>
      ) : null}
      <CarryForwardCard cf={d.carryForward} locale={L} />
      <DocumentsList d={d} locale={L} {...(d.editable ? { upload: { csrf: p.csrfToken, items: scoredItems(rubric).map((i) => i.item.id) } } : {})} />
      {p.appeals ? <AppealsSection p={p.appeals} csrfToken={p.csrfToken} error={p.appealError} values={p.appealValues} locale={L} /> : null}
      <section class="card" id="self-score">
        <h2>{t(L, { vi: "Tự đánh giá (Mẫu 02)", en: "Self-assessment (form 02)" })}</h2>
        <p>
          <strong>{`${t(L, { vi: "Tổng điểm tự chấm", en: "Self-score" })}: ${formatNumber(s.total)} / ${rubric.totalPoints}`}</strong>
          {` (A ${formatNumber(s.partTotals.A)} · B ${formatNumber(s.partTotals.B)} · C ${formatNumber(s.partTotals.C)})`}
        </p>
        {s.missing.length ? <p>{`${t(L, { vi: "Còn thiếu", en: "Still missing" })}: ${s.missing.join(", ")}`}</p> : null}
        {unmet.map((n) => (
          <p class="notice warn">{`${t(L, { vi: `Chưa đạt yêu cầu tối thiểu của hạng ${n} sao ở`, en: `${n}-star minimums not met in` })}: ${s.unmetStarMinimums[n].join(", ")}`}</p>
        ))}
        <form method="post" action={`/dossiers/${d.id}/self-score`}>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <table class="sheet">
            <ScoreRows rubric={rubric} values={p.values ?? { choices: s.choices, notes: s.notes, evidence: {} }} readonly={!d.editable} error={p.error} locale={L} changes={d.carryForward?.items} />
          </table>
          {d.editable ? <button type="submit">{t(L, { vi: "Lưu và tính điểm", en: "Save and total" })}</button> : null}
        </form>
      </section>
    </Layout>,
  );
}

const KIND_LABELS: Record<(typeof REGISTRATION_KINDS)[number], Bilingual> = {
  first: { vi: "Đánh giá lần đầu", en: "First evaluation" },
  upgrade: { vi: "Nâng hạng", en: "Upgrade" },
  reevaluation: { vi: "Đánh giá lại (công nhận lại)", en: "Re-evaluation" },
};
export const REG_FIELDS = ["kind", "representativeName", "representativePosition", "phone", "email", "sampleCount", "changes"] as const;
export type RegValues = Partial<Record<(typeof REG_FIELDS)[number], string>>;

/** Mẫu 01: the registration that opens a dossier for one product. */
export function newDossierPage(p: Frame & { productId: number; productName: string; values: RegValues; error?: AppError }): string {
  const L = p.locale;
  const v = p.values;
  const input = (name: (typeof REG_FIELDS)[number], label: Bilingual, attrs: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} value={v[name] ?? ""} {...attrs} />
      <FieldMessage error={p.error} path={name} locale={L} />
    </>
  );
  return renderPage(
    <Layout title={{ vi: `Đăng ký đánh giá, phân hạng: ${p.productName}`, en: `Register for evaluation: ${p.productName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Problem error={p.error} locale={L} />
      <form method="post" action={`/products/${p.productId}/dossiers/new`}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="kind">{t(L, { vi: "Loại đăng ký (Mẫu 01)", en: "Kind of registration (form 01)" })}</label>
        <select id="kind" name="kind">
          {REGISTRATION_KINDS.map((k) => (
            <option value={k} selected={v.kind === k}>
              {t(L, KIND_LABELS[k])}
            </option>
          ))}
        </select>
        {input("representativeName", { vi: "Người đại diện", en: "Representative" }, { required: true, maxlength: 200 })}
        {input("representativePosition", { vi: "Chức vụ", en: "Position" }, { required: true, maxlength: 200 })}
        {input("phone", { vi: "Điện thoại", en: "Phone" }, { required: true, type: "tel", maxlength: 20 })}
        {input("email", { vi: "Email", en: "Email" }, { type: "email", maxlength: 254 })}
        {input("sampleCount", { vi: "Số mẫu sản phẩm gửi kèm", en: "Samples sent" }, { inputmode: "numeric" })}
        <label for="changes">{t(L, { vi: "Những thay đổi (nâng hạng, đánh giá lại)", en: "What changed (upgrade, re-evaluation)" })}</label>
        <textarea id="changes" name="changes" rows={3} maxlength={4000}>
          {v.changes ?? ""}
        </textarea>
        <button type="submit">{t(L, { vi: "Lập hồ sơ", en: "Open the dossier" })}</button>
      </form>
    </Layout>,
  );
}
