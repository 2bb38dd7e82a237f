import type { Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage } from "../../../web/form-messages.js";
import { t } from "../../../web/layout.js";
import { NONE_APPLIES, NONE_APPLIES_TEXT, STOP_ASSESSMENT, STOP_TEXT, scoredItems, type CriterionNode, type RubricFile } from "../../../domain/rubric.js";
import { scoreSheet, starMinimumLevels, type NotAssessed } from "../../../domain/rubric-score.js";
import { type Bilingual, formatNumber } from "../../../lib/i18n.js";
import type { StarLevel } from "../../../domain/rubric.js";
import type { CarryForwardView, EvidenceView } from "../inputs.js";
import { ITEM_STATUS } from "./carry-forward.js";

type ItemChange = CarryForwardView["items"][number];

export type SheetValues = { choices: Record<string, string>; notes: Record<string, string>; evidence: Record<string, string> };

/** What the producer filed for each item, shown to the council beside it: its self-score, its notes, its files. */
export type ProducerSide = { choices: Record<string, string>; notes: Record<string, string>; evidence: EvidenceView[]; fileHref: (evidenceId: number) => string };

/** "mức tối thiểu cho 3 sao", "… cho 3, 4 và 5 sao": the printed marks (***) in words. */
export function starMinimumText(levels: StarLevel[]): Bilingual | null {
  if (levels.length === 0) return null;
  const list = (and: string) => (levels.length === 1 ? String(levels[0]) : `${levels.slice(0, -1).join(", ")} ${and} ${levels[levels.length - 1]}`);
  return { vi: `mức tối thiểu cho ${list("và")} sao`, en: `the minimum for ${list("and")} stars` };
}

const pts = (n: number, L: Locale) => t(L, { vi: `${formatNumber(n)} điểm`, en: `${formatNumber(n)} ${n === 1 ? "point" : "points"}` });

/**
 * The rubric as form rows: one scored item per row, its options as radio buttons with their points and star
 * minimums, a note and an evidence reference. The council's sheet and the producer's self-score use the
 * same rows, so both read the rubric the same way. Every item also offers "none applies" (0 points), an item
 * with a declared stop rule offers "stop", and the stop and conditional rules are said beside their item, with
 * which items the values shown do not assess.
 */
export function ScoreRows(p: { rubric: RubricFile; values: SheetValues; readonly: boolean; error: AppError | undefined; locale: Locale; producer?: ProducerSide; changes?: readonly ItemChange[] | undefined; continueAt?: { item: string; note: Bilingual } }) {
  const L = p.locale;
  // An upgrade or re-evaluation: each item says whether it changed since the certified dossier, and from what.
  const changes = new Map((p.changes ?? []).map((c) => [c.itemId, c]));
  const readonly = p.readonly;
  const skipped = new Map(scoreSheet(p.rubric, p.values.choices).notAssessed.map((n) => [n.item, n]));
  return (
      <tbody>
        {scoredItems(p.rubric).map(({ part, item }) => (
          <tr id={`item-${item.id}`} class={changes.get(item.id)?.status === "changed" ? "changed" : undefined}>
            <th scope="row">
              {p.continueAt?.item === item.id ? (
                <p class="notice ok" role="status">
                  {t(L, p.continueAt.note)}
                </p>
              ) : null}
              {part}. {item.id} {item.title} <span class="sub">{t(L, { vi: `tối đa ${formatNumber(item.maxPoints)} điểm`, en: `at most ${formatNumber(item.maxPoints)} points` })}</span>
              {ruleNotes(item).map((r) => (
                <p class="rule">{t(L, r)}</p>
              ))}
              {skipped.has(item.id) ? (
                <p class="notice warn" role="status">
                  {t(L, skippedText(skipped.get(item.id)!))}
                </p>
              ) : null}
              {changes.has(item.id) ? <ChangeNote change={changes.get(item.id)!} item={item} locale={L} /> : null}
              {p.producer ? <ProducerCell side={p.producer} item={item} locale={L} /> : null}
            </th>
            <td>
              <fieldset>
                <legend class="visually-hidden">{item.id}</legend>
                {item.options.map((o) => {
                  const min = starMinimumText(starMinimumLevels(item.options, o));
                  return (
                    <label class="check">
                      <input type="radio" name={`choice:${item.id}`} value={o.id} checked={p.values.choices[item.id] === o.id} disabled={readonly} /> {o.text} <span class="pts">{pts(o.points, L)}</span>
                      {min ? (
                        <>
                          {" "}
                          <span class="badge badge-warn min-star">{t(L, min)}</span>
                        </>
                      ) : null}
                    </label>
                  );
                })}
                {item.stop?.trigger === "declared" ? (
                  <label class="check">
                    <input type="radio" name={`choice:${item.id}`} value={STOP_ASSESSMENT} checked={p.values.choices[item.id] === STOP_ASSESSMENT} disabled={readonly} /> {t(L, STOP_TEXT)} <span class="pts">{pts(0, L)}</span>
                  </label>
                ) : null}
                <label class="check">
                  <input type="radio" name={`choice:${item.id}`} value={NONE_APPLIES} checked={p.values.choices[item.id] === NONE_APPLIES} disabled={readonly} /> {t(L, NONE_APPLIES_TEXT)} <span class="pts">{pts(0, L)}</span>
                </label>
              </fieldset>
              <FieldMessage error={p.error} path={`choices.${item.id}`} locale={L} />
            </td>
            <td>
              <label for={`note-${item.id}`}>{t(L, { vi: "Lý do trừ điểm", en: "Why points are withheld" })}</label>
              <textarea id={`note-${item.id}`} name={`note:${item.id}`} rows={3} maxlength={2000} readonly={readonly}>
                {p.values.notes[item.id] ?? ""}
              </textarea>
              <FieldMessage error={p.error} path={`notes.${item.id}`} locale={L} />
              <label for={`evidence-${item.id}`}>{t(L, { vi: "Minh chứng đã xem (tên tệp, số trang)", en: "Evidence seen (file, page)" })}</label>
              <input id={`evidence-${item.id}`} name={`evidence:${item.id}`} value={p.values.evidence[item.id] ?? ""} maxlength={500} readonly={readonly} />
            </td>
          </tr>
        ))}
      </tbody>
  );
}

function ChangeNote({ change: c, item, locale: L }: { change: ItemChange; item: CriterionNode & { options: NonNullable<CriterionNode["options"]> }; locale: Locale }) {
  const text = (choice: string | null) =>
    choice === null ? t(L, { vi: "chưa tự chấm", en: "not self-scored" }) : choice === NONE_APPLIES ? t(L, NONE_APPLIES_TEXT) : choice === STOP_ASSESSMENT ? t(L, STOP_TEXT) : (item.options.find((o) => o.id === choice)?.text ?? choice);
  return (
    <p class={c.status === "changed" ? "badge badge-warn change" : "sub change"}>
      {t(L, ITEM_STATUS[c.status])}
      {c.answerChanged ? ` — ${t(L, { vi: "trước", en: "before" })}: ${text(c.before.choice)} (${pts(c.before.points, L)})` : ""}
      {c.evidenceChanged ? ` — ${t(L, { vi: "minh chứng thay đổi", en: "evidence changed" })}` : ""}
    </p>
  );
}

/** The producer's self-score on this item, its note and its evidence files, for the council to weigh. */
function ProducerCell({ side, item, locale: L }: { side: ProducerSide; item: CriterionNode & { options: NonNullable<CriterionNode["options"]> }; locale: Locale }) {
  const choice = side.choices[item.id];
  const chosen = choice === undefined ? undefined : choice === NONE_APPLIES ? { text: t(L, NONE_APPLIES_TEXT), points: 0 } : choice === STOP_ASSESSMENT ? { text: t(L, STOP_TEXT), points: 0 } : item.options.find((o) => o.id === choice);
  const files = side.evidence.filter((e) => e.criterionId === item.id);
  const note = side.notes[item.id];
  return (
    <div class="producer-side">
      <p>
        <strong>{t(L, { vi: "Chủ thể tự chấm:", en: "Producer's self-score:" })}</strong> {chosen ? `${chosen.text} (${pts(chosen.points, L)})` : t(L, { vi: "chưa tự chấm", en: "not self-scored" })}
      </p>
      {note ? (
        <p>
          <strong>{t(L, { vi: "Giải trình:", en: "Explanation:" })}</strong> {note}
        </p>
      ) : null}
      <p>
        <strong>{t(L, { vi: "Minh chứng của chủ thể:", en: "Producer's evidence:" })}</strong>{" "}
        {files.length === 0
          ? t(L, { vi: "không có tệp", en: "no files" })
          : files.map((f, i) => (
              <>
                {i > 0 ? "; " : ""}
                <a href={side.fileHref(f.id)}>{f.name}</a>
                {f.note ? ` (${f.note})` : ""}
              </>
            ))}
      </p>
    </div>
  );
}

/** The rules an item carries, said in words beside it (the printed note itself is the first line). */
function ruleNotes(item: CriterionNode): Bilingual[] {
  const out: Bilingual[] = [];
  const printed = (re: RegExp) => item.notes?.find((n) => re.test(n));
  if (item.stop) {
    const note = printed(/đánh giá|xem xét/i);
    const when =
      item.stop.trigger === "declared"
        ? { vi: `chọn "${STOP_TEXT.vi}" tại tiêu chí này`, en: `"${STOP_TEXT.en}" is chosen on this item` }
        : { vi: `tiêu chí ${item.stop.watch.join(", ")} được 0 điểm`, en: `item ${item.stop.watch.join(", ")} scores 0` };
    out.push({
      vi: `Quy tắc dừng${note ? ` (${note})` : ""}: khi ${when.vi}, các tiêu chí tiếp theo không được đánh giá và được 0 điểm.`,
      en: `Stop rule${note ? ` (${note})` : ""}: when ${when.en}, the later items are not assessed and score 0.`,
    });
  }
  if (item.appliesWhen) {
    const note = printed(/chỉ áp dụng/i);
    out.push({
      vi: `Tiêu chí có điều kiện${note ? ` (${note})` : ""}: chỉ chấm khi tiêu chí ${item.appliesWhen.item} được trên 0 điểm; nếu không, được 0 điểm.`,
      en: `Conditional item${note ? ` (${note})` : ""}: scored only when item ${item.appliesWhen.item} scores above 0; otherwise it scores 0.`,
    });
  }
  return out;
}

function skippedText(n: NotAssessed): Bilingual {
  return n.reason === "stopped"
    ? { vi: `Không đánh giá: đã dừng đánh giá tại tiêu chí ${n.by}; được 0 điểm.`, en: `Not assessed: the assessment stopped at item ${n.by}; scores 0.` }
    : { vi: `Không áp dụng: tiêu chí ${n.by} được 0 điểm; được 0 điểm.`, en: `Does not apply: item ${n.by} scores 0; scores 0.` };
}
