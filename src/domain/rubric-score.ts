import { optionOf, scoredItems, STAR_LEVELS, STOP_ASSESSMENT, type RubricFile, type RubricOption, type StarLevel } from "./rubric.js";
import { points, tenths } from "./score-units.js";

export type SheetScore = {
  /** Sum of the chosen options' points. */
  total: number;
  partTotals: Record<"A" | "B" | "C", number>;
  /** Scored items (nodes with options) without a valid choice, in printed order. */
  missing: string[];
  /** Keys of `choices` that are not scored items of this rubric, or whose option does not belong to that item. */
  invalid: string[];
  /** Per star level, the scored items whose printed minimum for that level is not reached. */
  unmetStarMinimums: Record<StarLevel, string[]>;
  /**
   * Scored items the sheet does not assess, in printed order: after a stop rule fired (`by` is the item whose rule
   * fired), or a conditional item whose condition does not hold (`by` is the item it depends on). They score 0,
   * need no choice, and any choice stored on them is not counted.
   */
  notAssessed: NotAssessed[];
};

export type NotAssessed = { item: string; reason: "stopped" | "not-applicable"; by: string };

/**
 * Scores one assessor's sheet: `choices` maps each scored item's id ("1.1", "7", "6.1.1") to the id of the one
 * option ticked ("1.1.c"). Pure; no rounding beyond the option points themselves. Sums are kept in integer
 * tenths so that they stay exact should a version print half points.
 *
 * Star minimums. Every sheet of Annex II (except set 26, which prints the marks without it) carries the legend
 * "Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao (*** - 3 sao; **** - 4 sao; ***** - 5 sao)":
 * an option marked with N stars is the minimum the product must reach in that item to be ranked N stars.
 * Since a higher rank includes the lower ones, the minimum for level L is the best-placed option marked with
 * any level ≤ L (e.g. 1.5 of set 1 marks the 2-point option **** and the 3-point option *****: 3★ has no
 * minimum there, 4★ needs ≥ 2 points, 5★ needs 3). "Reaching" an option means choosing it or one printed after
 * it, i.e. one with at least its points (the loader checks options never lose points down the list). An item
 * with a minimum and no valid choice counts as unmet: the minimum has not been shown to be reached. Besides the
 * printed options every item takes NONE_APPLIES (0 points, so below every minimum), and an item with a declared
 * stop rule takes STOP_ASSESSMENT (0). Stop rules and conditional items (CriterionNode.stop, .appliesWhen) are
 * applied here: see `notAssessed`.
 * Whether the product then gets a star level is for the star banding (src/domain/stars.ts), not for this.
 */
export function scoreSheet(rubric: RubricFile, choices: Readonly<Record<string, string>>): SheetScore {
  const partTenths: Record<"A" | "B" | "C", number> = { A: 0, B: 0, C: 0 };
  const missing: string[] = [];
  const unmet: Record<StarLevel, string[]> = { 3: [], 4: [], 5: [] };
  const items = scoredItems(rubric);
  const itemIds = new Set(items.map((i) => i.item.id));
  const invalid = Object.keys(choices).filter((k) => !itemIds.has(k));

  const answered = new Map<string, number>(); // item id → tenths of its valid choice
  const notAssessed: NotAssessed[] = [];
  let stoppedBy: string | null = null;

  for (const { part, item } of items) {
    const chosenId = Object.hasOwn(choices, item.id) ? choices[item.id] : undefined;
    let chosen: RubricOption | undefined;
    if (chosenId !== undefined) {
      chosen = optionOf(item, chosenId);
      if (!chosen) invalid.push(item.id);
    }
    const condition = item.appliesWhen?.item;
    const skipped: NotAssessed | null = stoppedBy
      ? { item: item.id, reason: "stopped", by: stoppedBy }
      : condition !== undefined && !((answered.get(condition) ?? 0) > 0)
        ? { item: item.id, reason: "not-applicable", by: condition }
        : null;

    if (skipped) {
      notAssessed.push(skipped);
      // A stopped product scores 0 in every later item, which is below any minimum there; an item that does not
      // apply is no gate at all.
      if (skipped.reason === "stopped") for (const level of STAR_LEVELS) if (minimumTenths(item.options, level) !== null) unmet[level].push(item.id);
      continue;
    }

    if (chosen) {
      partTenths[part] += tenths(chosen.points);
      answered.set(item.id, tenths(chosen.points));
    } else missing.push(item.id);

    for (const level of STAR_LEVELS) {
      const need = minimumTenths(item.options, level);
      if (need === null) continue;
      if (!chosen || tenths(chosen.points) < need) unmet[level].push(item.id);
    }

    const stop = item.stop;
    if (stop && (stop.trigger === "declared" ? chosenId === STOP_ASSESSMENT : stop.watch.some((w) => answered.get(w) === 0))) stoppedBy = item.id;
  }

  return {
    total: points(partTenths.A + partTenths.B + partTenths.C),
    partTotals: { A: points(partTenths.A), B: points(partTenths.B), C: points(partTenths.C) },
    missing,
    invalid,
    unmetStarMinimums: unmet,
    notAssessed,
  };
}

/** The points an item needs for a star level (the best-placed option marked with any level ≤ it), or null when the level has no minimum there. */
function minimumTenths(options: readonly RubricOption[], level: StarLevel): number | null {
  const marked = options.filter((o) => o.minStar !== undefined && o.minStar <= level);
  return marked.length ? Math.max(...marked.map((o) => tenths(o.points))) : null;
}

/**
 * The star levels for which `option` is an item's minimum (src/domain/stars.ts requires every one met): an option
 * printed "***" is the 3★ minimum and, when the item prints no higher mark, the 4★ and 5★ one too. Empty for an
 * option that is no minimum. What the sheet says in words beside the printed marks.
 */
export function starMinimumLevels(options: readonly RubricOption[], option: RubricOption): StarLevel[] {
  if (option.minStar === undefined) return [];
  return STAR_LEVELS.filter((level) => option.minStar! <= level && minimumTenths(options, level) === tenths(option.points));
}
