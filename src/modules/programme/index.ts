// The door of the programme area: the year's plan and its targets, training and trade events. Everything else is internal.
export { programmeApi } from "./api.js";
export { programmePages } from "./pages.js";
export { planProgress, indicatorRecords } from "./services/progress.js";
export { listProgrammePlans } from "./services/plans.js";
export { listEvents, producerTrainingRecord, officialTrainingRecord } from "./services/events.js";
