import type { Database, Db } from "./types.js";

/**
 * A Database that forwards every call to `current()`, the request's own connection. The Worker keeps one app
 * (and one stamp view cache) per isolate, but may not use a connection across requests, so it opens one per
 * request and makes it current for that request (AsyncLocalStorage in src/worker.ts). Outside a request
 * `current()` throws: nothing at the edge may touch the database between requests.
 */
export function requestScopedDatabase(current: () => Database): Database {
  const db = new Proxy({} as Db, {
    get(_, prop) {
      const real = current().db;
      const value = Reflect.get(real, prop, real) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
  return {
    db,
    kind: "postgres",
    migrate: () => Promise.reject(new Error("the Worker never migrates; the Node origin does")),
    ping: () => current().ping(),
    close: () => current().close(),
  };
}
