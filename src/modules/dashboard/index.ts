// The door of the dashboard area: its page and JSON sub-apps, and the monthly funding query reports may time.
export { dashboardApi } from "./api.js";
export { dashboardPages } from "./pages.js";
export { fundingByUnitOf, loadDashboard } from "./queries.js";
