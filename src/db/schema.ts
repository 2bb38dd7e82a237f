// Schema index read by drizzle-kit and by the db client. Each module owns its tables.
export * from "../modules/units/schema.js";
export * from "../modules/producers/schema.js";
export * from "../modules/retail/schema.js";
export * from "../modules/accounts/schema.js";
export * from "../modules/audit/schema.js";
export * from "../modules/files/schema.js";
export * from "../modules/cycles/schema.js";
export * from "../modules/ideas/schema.js";
export * from "../modules/plans/schema.js";
export * from "../modules/products/schema.js";
export * from "../modules/evaluation/schema.js";
export * from "../modules/certificates/schema.js";
export * from "../modules/watch/schema.js";
export * from "../modules/stamps/schema.js";
