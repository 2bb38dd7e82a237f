// The door of the rubrics area: what other areas, the jobs and the app may use. Everything else is internal.
export { loadRubric, rubricFor, rubricVersionBasis, rubricVersions } from "./queries.js";
export { NONE_APPLIES, optionOf, STAR_LEVELS, STOP_ASSESSMENT, scoredItems, walkNodes, type RubricFile, type StarLevel } from "../../domain/rubric.js";
export { scoreSheet } from "../../domain/rubric-score.js";
