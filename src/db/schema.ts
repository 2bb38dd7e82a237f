// Schema index read by drizzle-kit and by the db client. Each module owns its tables.
export * from "../modules/units/schema.js";
export * from "../modules/producers/schema.js";
export * from "../modules/retail/schema.js";
export * from "../modules/accounts/schema.js";
export * from "../modules/audit/schema.js";
