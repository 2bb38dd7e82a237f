import { scoredItems, type RubricFile } from "../../../domain/rubric.js";
import { scoreSheet } from "../../../domain/rubric-score.js";
import { formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { SheetView } from "../inputs.js";
import { ScoreRows, type ProducerSide } from "./score-rows.js";
import { CarryForwardCard } from "./carry-forward.js";
import type { CarryForwardView } from "../inputs.js";

/**
 * The scoring page: one criterion per row with the producer's self-score and evidence beside it, its options as
 * radio buttons with their points and star minimums in words, and a note and an evidence reference per row.
 * Without JavaScript the running total is that of the last save; the progress counts what the page shows.
 * "Lưu nháp" keeps a partial sheet; a refused submit keeps it too, so nothing typed is lost.
 */
export type SheetPageProps = {
  frame: Frame;
  roundId: number;
  rdId: number;
  roundName: string;
  productName: string;
  producerName: string;
  rubric: RubricFile;
  sheet: SheetView;
  producer: ProducerSide;
  /** An upgrade or re-evaluation: what changed since the certified dossier, and the last council's figures. */
  carryForward?: CarryForwardView | null;
  error?: AppError | undefined;
  saved?: boolean;
  /** A submit was refused after the typed values were saved as the draft. */
  draftKept?: boolean;
};

export function SheetPage(p: SheetPageProps) {
  const L = p.frame.locale;
  const rubric = p.rubric;
  const s = p.sheet;
  const readonly = s.state === "submitted";
  const score = scoreSheet(rubric, s.choices);
  const toScore = scoredItems(rubric).length - score.notAssessed.length;
  const scored = toScore - score.missing.length;
  const firstMissing = score.missing[0];
  const saveButtons = readonly ? null : (
    <p class="sheet-actions">
      <button type="submit" name="intent" value="save">
        {t(L, { vi: "Lưu nháp và chấm tiếp", en: "Save the draft and go on" })}
      </button>{" "}
      <button type="submit" name="intent" value="submit" class="secondary">
        {t(L, { vi: "Nộp phiếu", en: "Submit the sheet" })}
      </button>
    </p>
  );
  return renderPage(
    <Layout title={{ vi: `Phiếu chấm: ${p.productName}`, en: `Score sheet: ${p.productName}` }} locale={L} principal={p.frame.principal} csrfToken={p.frame.csrfToken} path={p.frame.path}>
      <p>
        <a href={`/rounds/${p.roundId}`}>{t(L, { vi: `← ${p.roundName}`, en: `← ${p.roundName}` })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      {p.draftKept ? (
        <div class="notice warn" role="status">
          <p>{t(L, { vi: "Chưa nộp được phiếu, nhưng các điểm và ghi chú vừa nhập đã được lưu nháp.", en: "The sheet was not submitted, but the scores and notes just entered are saved as the draft." })}</p>
        </div>
      ) : null}
      {p.saved ? (
        <div class="notice ok" role="status">
          <p>{t(L, { vi: "Đã lưu phiếu.", en: "Sheet saved." })}</p>
        </div>
      ) : null}
      <dl class="sheet-facts">
        <dt>{t(L, { vi: "Chủ thể", en: "Producer" })}</dt>
        <dd>{p.producerName}</dd>
        <dt>{t(L, { vi: "Bộ tiêu chí", en: "Criteria set" })}</dt>
        <dd>{`${rubric.setId}. ${t(L, rubric.title)}`}</dd>
        <dt>{t(L, { vi: "Căn cứ", en: "Legal basis" })}</dt>
        <dd>{t(L, rubric.legalBasis)}</dd>
      </dl>
      <CarryForwardCard cf={p.carryForward ?? null} locale={L} />
      <section aria-live="polite" id="running-total" class="card">
        <p>
          <strong>{t(L, { vi: "Tiến độ", en: "Progress" })}:</strong> {t(L, { vi: `${formatNumber(scored)} / ${formatNumber(toScore)} tiêu chí đã chấm`, en: `${formatNumber(scored)} of ${formatNumber(toScore)} items scored` })}
          <progress value={scored} max={toScore} aria-hidden="true"></progress>
        </p>
        <p>
          <strong>{t(L, { vi: "Tổng điểm", en: "Total" })}: {s.total}</strong> / {rubric.totalPoints} (A {s.partTotals.A} · B {s.partTotals.B} · C {s.partTotals.C})
          <span class="sub">{t(L, { vi: "Tổng điểm tính theo lần lưu gần nhất.", en: "The total is that of the last save." })}</span>
        </p>
        {score.missing.length ? (
          <p>
            {t(L, { vi: "Còn thiếu", en: "Still missing" })}: {score.missing.join(", ")}
            {firstMissing ? (
              <>
                {" · "}
                <a href={`#item-${firstMissing}`}>{t(L, { vi: `Tới tiêu chí ${firstMissing}`, en: `Go to item ${firstMissing}` })}</a>
              </>
            ) : null}
          </p>
        ) : (
          <p>{t(L, { vi: "Đã chấm đủ các tiêu chí.", en: "Every item is scored." })}</p>
        )}
        {readonly ? <p>{t(L, { vi: "Phiếu đã nộp và bị khoá.", en: "The sheet is submitted and locked." })}</p> : null}
      </section>
      <details class="card legend" open>
        <summary>{t(L, { vi: "Cách đọc phiếu", en: "How to read the sheet" })}</summary>
        <ul>
          <li>{t(L, { vi: "Mỗi tiêu chí chọn một phương án; điểm của phương án ghi bên cạnh.", en: "Tick one option per item; its points are given beside it." })}</li>
          <li>
            {t(L, {
              vi: "“Mức tối thiểu cho 3 sao” (trên phiếu in là ***; **** cho 4 sao, ***** cho 5 sao): sản phẩm phải đạt ít nhất phương án này ở tiêu chí đó mới được xếp hạng số sao ấy, dù tổng điểm đã đủ.",
              en: "“The minimum for 3 stars” (printed *** on the paper sheet; **** for 4 stars, ***** for 5): the product must reach at least this option on that item to be ranked at that star level, whatever its total.",
            })}
          </li>
          <li>{t(L, { vi: "Dưới mỗi tiêu chí: chủ thể tự chấm thế nào và các tệp minh chứng chủ thể đã nộp cho tiêu chí đó.", en: "Under each item: how the producer scored itself and the evidence files it filed for that item." })}</li>
          <li>{t(L, { vi: "Không chấm điểm tối đa thì ghi lý do trừ điểm; phiếu chỉ nộp được khi đã chấm đủ mọi tiêu chí.", en: "Below the maximum, say why points are withheld; the sheet submits only when every item is scored." })}</li>
        </ul>
      </details>
      <form method="post" action={`/rounds/${p.roundId}/dossiers/${p.rdId}/sheet`}>
        <input type="hidden" name="_csrf" value={p.frame.csrfToken} />
        {saveButtons}
        <table class="sheet">
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Tiêu chí, chủ thể tự chấm và minh chứng", en: "Item, self-score and evidence" })}</th>
              <th scope="col">{t(L, { vi: "Phương án (điểm)", en: "Options (points)" })}</th>
              <th scope="col">{t(L, { vi: "Ghi chú, minh chứng", en: "Note, evidence" })}</th>
            </tr>
          </thead>
          <ScoreRows
            rubric={rubric}
            values={s}
            readonly={readonly}
            error={p.error}
            locale={L}
            producer={p.producer}
            changes={p.carryForward?.items}
            // After "save and go on" the page opens at the first item left: say there that the rest is saved.
            {...(p.saved && firstMissing ? { continueAt: { item: firstMissing, note: { vi: `Đã lưu nháp: ${formatNumber(scored)} / ${formatNumber(toScore)} tiêu chí đã chấm. Chấm tiếp từ tiêu chí này.`, en: `Draft saved: ${formatNumber(scored)} of ${formatNumber(toScore)} items scored. Go on from this item.` } } } : {})}
          />
        </table>
        {saveButtons}
      </form>
    </Layout>,
  );
}
