// The door of the rubrics area: what other areas, the jobs and the app may use. Everything else is internal.
export { loadRubric, rubricFor, rubricVersions } from "./load-rubrics.js";
export { STAR_LEVELS, scoredItems, walkNodes, type RubricFile, type StarLevel } from "./rubric-file.js";
export { scoreSheet } from "./score-sheet.js";
