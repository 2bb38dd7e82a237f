// The door of the ideas area: what other areas, the jobs and the app may use. Everything else is internal.
export { api } from "./api.js";
export { pages } from "./pages.js";
export { getIdea, readableIdea } from "./queries.js";
export { ideasWaiting } from "./queries.js";
