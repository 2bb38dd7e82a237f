import { createRouter } from "../lib/openapi.js";

// PLACEHOLDER: to be replaced by the role home pages.
export const homeRoutes = createRouter();
