// The door of the files area. It has no verbs yet: each area writes its files into `stored_files` (schema.ts)
// inside its own transaction, and decides who may read them from the record that points to them.
export type { StoredFile } from "./schema.js";
