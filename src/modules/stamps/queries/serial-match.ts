import { sql, type SQL } from "drizzle-orm";
import { stamps } from "../schema.js";

/** `serial = $1` in the collation of the unique index ("C"), so the lookup uses it; plain `=` would scan. */
export const serialIs = (serial: string): SQL => sql`${stamps.serial} COLLATE "C" = ${serial}`;
