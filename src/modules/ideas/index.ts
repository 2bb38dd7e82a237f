// The door of the ideas area: what other areas, the jobs and the app may use. Everything else is internal.
export { ideaPages } from "./pages.js";
export { ideasRoutes } from "./api.js";
export { getIdea, readableIdea } from "./service.js";
