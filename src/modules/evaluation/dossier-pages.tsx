import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../app-env.js";
import { DOSSIER_ACTION_LABELS, DOSSIER_STATE_LABELS, type DossierAction } from "../../domain/dossier-workflow.js";
import { type Bilingual, formatNumber } from "../../lib/i18n.js";
import { AppError, notFound } from "../../lib/problem.js";
import { serviceCtx } from "../../lib/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { Notice, Problem } from "../../web/form-messages.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import { formString, frame, page } from "../../web/page-handler.js";
import { loadRubric } from "../rubrics/load-rubrics.js";
import { DossierActionInput, type DossierDetail, type DossierView, type FeedbackView, ListDossiersQuery } from "./inputs.js";
import { actOnDossier, getDossier, listDossiers, saveSelfScore } from "./dossier-service.js";
import { dossierFeedback } from "./result-service.js";
import { ScoreRows, sheetFromForm, type SheetValues } from "./score-rows.js";

/**
 * The producer's side of evaluation: its dossiers, the self-score on the same rubric the council uses (with
 * its total and the star minimums it still misses, as the producer writes), the steps it may take, and the
 * councils' feedback once results are final: part means and notes, never who gave them.
 */

type Frame = ReturnType<typeof frame>;
const NOTICES: Record<string, Bilingual> = {
  saved: { vi: "Đã lưu bảng tự chấm.", en: "Self-score saved." },
  ...Object.fromEntries(Object.entries(DOSSIER_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

function listPage(p: Frame & { items: DossierView[] }): string {
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

function detailPage(p: Frame & { d: DossierDetail; feedback: FeedbackView | null; values?: SheetValues; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  const d = p.d;
  const s = d.selfScore;
  const rubric = loadRubric(d.rubricVersion, d.criteriaSetId);
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
                <strong>{formatNumber(r.officialScore)}</strong> {t(L, { vi: "điểm", en: "points" })} · {r.stars ? "★".repeat(r.stars) : t(L, { vi: "chưa đạt hạng sao", en: "no star" })} ·{" "}
                {`A ${formatNumber(r.partMeans.A)} · B ${formatNumber(r.partMeans.B)} · C ${formatNumber(r.partMeans.C)}`}
              </p>
              <ul>
                {r.notes.map((n) => (
                  <li>{`${n.criterionId}: ${n.note}`}</li>
                ))}
              </ul>
            </>
          ))}
        </section>
      ) : null}
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
            <ScoreRows rubric={rubric} values={p.values ?? { choices: s.choices, notes: s.notes, evidence: {} }} readonly={!d.editable} error={p.error} locale={L} />
          </table>
          {d.editable ? <button type="submit">{t(L, { vi: "Lưu và tính điểm", en: "Save and total" })}</button> : null}
        </form>
      </section>
    </Layout>,
  );
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "trang", en: "The page" });
  return id;
}

async function show(c: Context<AppEnv>, dossierId: number, status: ContentfulStatusCode = 200, extra: { error?: AppError; values?: SheetValues } = {}) {
  const ctx = serviceCtx(c);
  const d = await getDossier({ ctx, input: { dossierId } });
  const feedback = await dossierFeedback({ ctx, input: { dossierId } }).catch((err) => {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  });
  return c.html(detailPage({ ...frame(c), d, feedback, done: c.req.query("done"), ...extra }), status);
}

const inputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

export const dossierPages = new Hono<AppEnv>()
  .get("/dossiers", (c) =>
    page(c, async () => {
      const list = await listDossiers({ ctx: serviceCtx(c), input: parseInput(ListDossiersQuery, {}) });
      return c.html(listPage({ ...frame(c), items: list.items }), 200);
    }),
  )
  .get("/dossiers/:id{[0-9]+}", (c) => page(c, () => show(c, idOf(c))))
  .post("/dossiers/:id{[0-9]+}/self-score", (c) =>
    page(c, async () => {
      const dossierId = idOf(c);
      const values = sheetFromForm(await c.req.parseBody());
      try {
        await saveSelfScore({ ctx: serviceCtx(c), input: { dossierId, choices: values.choices, notes: Object.fromEntries(Object.entries(values.notes).filter(([, v]) => v.trim())) } });
        return c.redirect(`/dossiers/${dossierId}?done=saved#self-score`, 303);
      } catch (err) {
        if (inputError(err)) return show(c, dossierId, err.status, { error: err, values });
        throw err;
      }
    }),
  )
  .post("/dossiers/:id{[0-9]+}/actions", (c) =>
    page(c, async () => {
      const dossierId = idOf(c);
      const body = await c.req.parseBody();
      try {
        const input = parseInput(DossierActionInput, { action: formString(body, "action"), reason: formString(body, "reason").trim() || undefined });
        await actOnDossier({ ctx: serviceCtx(c), input: { ...input, dossierId } });
        return c.redirect(`/dossiers/${dossierId}?done=${input.action}`, 303);
      } catch (err) {
        if (inputError(err)) return show(c, dossierId, err.status, { error: err });
        throw err;
      }
    }),
  );
