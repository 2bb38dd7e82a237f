import type { Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage } from "../../../web/form-messages.js";
import { t } from "../../../web/layout.js";
import { scoredItems, type RubricFile } from "../../../domain/rubric.js";

export type SheetValues = { choices: Record<string, string>; notes: Record<string, string>; evidence: Record<string, string> };

/**
 * The rubric as form rows: one scored item per row, its options as radio buttons with their points and star
 * minimums, a note and an evidence reference. The council's sheet and the producer's self-score use the
 * same rows, so both read the rubric the same way.
 */
export function ScoreRows(p: { rubric: RubricFile; values: SheetValues; readonly: boolean; error: AppError | undefined; locale: Locale }) {
  const L = p.locale;
  const readonly = p.readonly;
  return (
      <tbody>
        {scoredItems(p.rubric).map(({ part, item }) => (
          <tr id={`item-${item.id}`}>
            <th scope="row">
              {part}. {item.id} {item.title} ({item.maxPoints})
            </th>
            <td>
              <fieldset>
                <legend class="visually-hidden">{item.id}</legend>
                {item.options.map((o) => (
                  <label class="check">
                    <input type="radio" name={`choice:${item.id}`} value={o.id} checked={p.values.choices[item.id] === o.id} disabled={readonly} /> {o.text} ({o.points}
                    {o.minStar ? ` · ${"*".repeat(o.minStar)}` : ""})
                  </label>
                ))}
              </fieldset>
              <FieldMessage error={p.error} path={`choices.${item.id}`} locale={L} />
            </td>
            <td>
              <label for={`note-${item.id}`}>{t(L, { vi: "Lý do trừ điểm", en: "Why points are withheld" })}</label>
              <textarea id={`note-${item.id}`} name={`note:${item.id}`} maxlength={2000} readonly={readonly}>
                {p.values.notes[item.id] ?? ""}
              </textarea>
              <FieldMessage error={p.error} path={`notes.${item.id}`} locale={L} />
              <label for={`evidence-${item.id}`}>{t(L, { vi: "Minh chứng", en: "Evidence" })}</label>
              <input id={`evidence-${item.id}`} name={`evidence:${item.id}`} value={p.values.evidence[item.id] ?? ""} maxlength={500} readonly={readonly} />
            </td>
          </tr>
        ))}
      </tbody>
  );
}
