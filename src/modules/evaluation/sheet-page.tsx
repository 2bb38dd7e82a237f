import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { createRouter } from "../../http/router.js";
import { AppError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { Problem } from "../../web/form-messages.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import { frame, page } from "../../web/page.js";
import { loadRubric } from "../rubrics/index.js";
import { ScoreRows, sheetFromForm } from "./views/score-rows.js";
import type { SheetView } from "./inputs.js";
import { getOwnSheet, saveSheet, submitSheet } from "./services/scoring.js";

/**
 * The scoring page: one criterion per row, its options as radio buttons with their points, a note and an
 * evidence reference per row. Without JavaScript the running total and what is missing are those of the last
 * save ("Lưu nháp" recomputes them); submitting saves first.
 */
type SheetPageProps = { frame: ReturnType<typeof frame>; roundId: number; rdId: number; productName: string; rubricVersion: string; setId: number; sheet: SheetView; error?: AppError | undefined; saved?: boolean };

function SheetPage(p: SheetPageProps) {
  const L = p.frame.locale;
  const rubric = loadRubric(p.rubricVersion, p.setId);
  const s = p.sheet;
  const readonly = s.state === "submitted";
  return renderPage(
    <Layout title={{ vi: `Phiếu chấm: ${p.productName}`, en: `Score sheet: ${p.productName}` }} locale={L} principal={p.frame.principal} csrfToken={p.frame.csrfToken} path={p.frame.path}>
      <Problem error={p.error} locale={L} />
      {p.saved ? (
        <div class="notice ok" role="status">
          <p>{t(L, { vi: "Đã lưu phiếu.", en: "Sheet saved." })}</p>
        </div>
      ) : null}
      <p class="sub">
        {t(L, rubric.title)} · {rubric.version}
      </p>
      <section aria-live="polite" id="running-total">
        <p>
          <strong>{t(L, { vi: "Tổng điểm", en: "Total" })}: {s.total}</strong> / {rubric.totalPoints} (A {s.partTotals.A} · B {s.partTotals.B} · C {s.partTotals.C})
        </p>
        {s.missing.length ? (
          <p>
            {t(L, { vi: "Còn thiếu", en: "Still missing" })}: {s.missing.join(", ")}
          </p>
        ) : (
          <p>{t(L, { vi: "Đã chấm đủ các tiêu chí.", en: "Every item is scored." })}</p>
        )}
        {readonly ? <p>{t(L, { vi: "Phiếu đã nộp và bị khoá.", en: "The sheet is submitted and locked." })}</p> : null}
      </section>
      <form method="post" action={`/rounds/${p.roundId}/dossiers/${p.rdId}/sheet`}>
        <input type="hidden" name="_csrf" value={p.frame.csrfToken} />
        <table class="sheet">
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Tiêu chí", en: "Criterion" })}</th>
              <th scope="col">{t(L, { vi: "Phương án (điểm)", en: "Options (points)" })}</th>
              <th scope="col">{t(L, { vi: "Ghi chú, minh chứng", en: "Note, evidence" })}</th>
            </tr>
          </thead>
          <ScoreRows rubric={rubric} values={s} readonly={readonly} error={p.error} locale={L} />
        </table>
        {readonly ? null : (
          <p>
            <button type="submit" name="intent" value="save">
              {t(L, { vi: "Lưu nháp", en: "Save draft" })}
            </button>{" "}
            <button type="submit" name="intent" value="submit">
              {t(L, { vi: "Nộp phiếu", en: "Submit the sheet" })}
            </button>
          </p>
        )}
      </form>
    </Layout>,
  );
}


async function render(c: Context<AppEnv>, roundId: number, rdId: number, status: 200 | 400 | 409, opts: { error?: AppError; sheet?: SheetView; saved?: boolean } = {}) {
  const { access, sheet } = await getOwnSheet({ ctx: serviceCtx(c), input: { roundId, rdId } });
  const props: SheetPageProps = {
    frame: frame(c),
    roundId,
    rdId,
    productName: access.dossier.productName,
    rubricVersion: access.r.rubricVersion,
    setId: access.dossier.d.criteriaSetId,
    sheet: opts.sheet ?? sheet,
    error: opts.error,
    saved: opts.saved ?? false,
  };
  return c.html(SheetPage(props), status);
}

const ids = (c: Context<AppEnv>) => ({ roundId: Number(c.req.param("id")), rdId: Number(c.req.param("rdId")) });

export const sheetPageRoutes = createRouter()
  .get("/rounds/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/sheet", (c) => page(c, () => render(c, ids(c).roundId, ids(c).rdId, 200, { saved: c.req.query("done") === "saved" })))
  .post("/rounds/:id{[0-9]+}/dossiers/:rdId{[0-9]+}/sheet", (c) =>
    page(c, async () => {
      const { roundId, rdId } = ids(c);
      const body = await c.req.parseBody();
      const values = sheetFromForm(body);
      try {
        if (body["intent"] === "submit") await submitSheet({ ctx: serviceCtx(c), input: { ...values, roundId, rdId } });
        else await saveSheet({ ctx: serviceCtx(c), input: { ...values, roundId, rdId } });
        return c.redirect(`/rounds/${roundId}/dossiers/${rdId}/sheet?done=saved`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
        // The sheet comes back as it was sent, with the messages next to the rows.
        const { sheet } = await getOwnSheet({ ctx: serviceCtx(c), input: { roundId, rdId } });
        return render(c, roundId, rdId, err.status, { error: err, sheet: { ...sheet, ...values } });
      }
    }),
  );
