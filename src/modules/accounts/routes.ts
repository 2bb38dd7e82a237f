import { createRouter } from "../../lib/openapi.js";

// PLACEHOLDER: to be replaced by the module's real routes.
export const accountsRoutes = createRouter();
