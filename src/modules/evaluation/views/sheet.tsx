import type { RubricFile } from "../../../domain/rubric.js";
import type { AppError } from "../../../lib/problem.js";
import { Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { SheetView } from "../inputs.js";
import { ScoreRows } from "./score-rows.js";

/**
 * The scoring page: one criterion per row, its options as radio buttons with their points, a note and an
 * evidence reference per row. Without JavaScript the running total and what is missing are those of the last
 * save ("Lưu nháp" recomputes them); submitting saves first.
 */
export type SheetPageProps = { frame: Frame; roundId: number; rdId: number; productName: string; rubric: RubricFile; sheet: SheetView; error?: AppError | undefined; saved?: boolean };

export function SheetPage(p: SheetPageProps) {
  const L = p.frame.locale;
  const rubric = p.rubric;
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
