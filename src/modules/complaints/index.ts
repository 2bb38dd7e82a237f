// The door of the complaints area: what the jobs and the app may use. Everything else is internal.
export { complaintsApi } from "./api.js";
export { complaintPages } from "./pages.js";
export { complaintsWaiting } from "./services/complaints.js";
