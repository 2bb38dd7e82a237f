import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema index and committed; the app applies them at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/modules/schema.ts",
  out: "./drizzle",
  strict: true,
});
