// The schema index read by drizzle-kit (drizzle.config.ts). Each area owns its tables; the database client is
// not handed this index (nothing uses drizzle's relational queries), so src/db/ knows no area.
export * from "./units/schema.js";
export * from "./producers/schema.js";
export * from "./retail/schema.js";
export * from "./accounts/schema.js";
export * from "./audit/schema.js";
export * from "./files/schema.js";
export * from "./cycles/schema.js";
export * from "./ideas/schema.js";
export * from "./plans/schema.js";
export * from "./products/schema.js";
export * from "./evaluation/schema.js";
export * from "./certificates/schema.js";
export * from "./watch/schema.js";
export * from "./stamps/schema.js";
export * from "./programme/schema.js";
export * from "./tasks/schema.js";
export * from "./reporting/schema.js";
export * from "./complaints/schema.js";
export * from "./opendata/schema.js";
// Not an area's: the rate limiter's shared claims (src/db/rate-limit-store.ts), kept in the same migrations.
export { rateLimitClaims } from "../db/rate-limit-store.js";
