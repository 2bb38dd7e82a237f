import { join } from "node:path";

// Only Node migrates (the Worker never does): where this module is bundled into the Worker, import.meta.dirname
// is undefined, and a join at load would throw before the first request. The empty path is never used there.
export const MIGRATIONS_FOLDER = import.meta.dirname ? join(import.meta.dirname, "../../drizzle") : "";
