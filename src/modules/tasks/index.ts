// The door of the tasks area: agencies and the tasks plans and conclusions assign (issue 17).
export { agenciesApi, tasksApi } from "./api.js";
export { agenciesPages, tasksPages } from "./pages.js";
export { agencyNames, overdueTasks } from "./queries.js";
export { OverdueTasksCard, type OverdueTasks } from "./views/overdue.js";
