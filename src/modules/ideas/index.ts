// The door of the ideas area: what other areas, the jobs and the app may use. Everything else is internal.
export { ideaPages } from "./idea-page-routes.js";
export { ideasRoutes } from "./routes.js";
export { getIdea, readableIdea } from "./service.js";
