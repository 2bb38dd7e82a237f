import type { Bilingual } from "../lib/i18n.js";
import { NONE_APPLIES, optionOf, scoredItems, type RubricFile } from "./rubric.js";
import { scoreSheet } from "./rubric-score.js";
import { tenths } from "./score-units.js";

/** One reason a sheet cannot be submitted yet, at the form field it concerns ("choices.1.1", "notes.1.1"). */
export type SheetProblem = Bilingual & { path: string };

/**
 * What a sheet must hold to be submitted: one option ticked per scored item, and a note wherever it withholds
 * points (an option below the item's maximum, "none applies", a stop), so the producer learns why. Items the
 * sheet does not assess (after a stop, or a conditional item whose condition fails) need neither. Empty when the sheet may be submitted.
 */
export function sheetSubmitProblems(rubric: RubricFile, choices: Readonly<Record<string, string>>, notes: Readonly<Record<string, string>>): SheetProblem[] {
  const score = scoreSheet(rubric, choices);
  const problems: SheetProblem[] = score.missing.map((id) => ({ path: `choices.${id}`, vi: `Chưa chấm tiêu chí ${id}.`, en: `Item ${id} is not scored.` }));
  const skipped = new Set(score.notAssessed.map((n) => n.item));
  for (const { item } of scoredItems(rubric)) {
    if (skipped.has(item.id)) continue;
    const choice = choices[item.id];
    const chosen = choice === undefined ? undefined : optionOf(item, choice);
    if (chosen && choice === NONE_APPLIES && !notes[item.id]?.trim()) {
      problems.push({ path: `notes.${item.id}`, vi: `Tiêu chí ${item.id}: không có phương án phù hợp, ghi rõ lý do.`, en: `Item ${item.id}: no option applies; say why.` });
    } else if (chosen && tenths(chosen.points) < tenths(item.maxPoints) && !notes[item.id]?.trim()) {
      problems.push({ path: `notes.${item.id}`, vi: `Tiêu chí ${item.id} không đạt điểm tối đa: ghi rõ lý do trừ điểm.`, en: `Item ${item.id} is below its maximum: say why points are withheld.` });
    }
  }
  return problems;
}

/** A round takes sheets from its opening to its closing day, both included (calendar days "YYYY-MM-DD", Vietnam time). */
export function roundWindowProblem(today: string, round: { opensOn: string; closesOn: string }): Bilingual | null {
  if (today >= round.opensOn && today <= round.closesOn) return null;
  return {
    vi: `Đợt đánh giá nhận phiếu chấm từ ${round.opensOn} đến ${round.closesOn}.`,
    en: `The round takes sheets from ${round.opensOn} to ${round.closesOn}.`,
  };
}
