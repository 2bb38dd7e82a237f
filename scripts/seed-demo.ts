import type { Db } from "../src/db/client.js";
import type { Logger } from "../src/lib/logger.js";

// PLACEHOLDER: demo data comes with the units, accounts and producers work.
export async function seedDemoIfEmpty(_db: Db, _opts: { logger: Logger; now: Date }): Promise<void> {}
