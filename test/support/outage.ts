import { createServer, type Server, type Socket, connect } from "node:net";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";

/*
 * A database that can be taken away and given back, for outage tests. On PostgreSQL it is a real connection
 * through a TCP relay this helper owns: `down` cuts every connection and refuses new ones (what a restart looks
 * like to the app), `up` accepts again. PGlite lives in the process and cannot be restarted, so there the same
 * instance refuses every query, as a server shutting down does (SQLSTATE 57P01), until `up`.
 */
export type Outage = { database: Database; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> };

export async function outageDatabase(base: Database): Promise<Outage> {
  return base.kind === "postgres" ? relayed(base) : refusing(base);
}

async function relayed(base: Database): Promise<Outage> {
  const rows = await base.db.execute(sql`select current_database() as name`);
  const name = ((Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows)[0] as { name: string }).name;
  const upstream = new URL(process.env.DATABASE_URL!);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const db = connect(Number(upstream.port || 5432), upstream.hostname);
    for (const s of [client, db]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(db).pipe(client);
  });
  const listen = (port = 0) => new Promise<number>((res) => server.listen(port, "127.0.0.1", () => res((server.address() as { port: number }).port)));
  const port = await listen();
  const url = new URL(upstream);
  url.port = String(port);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 2 });
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    database,
    down: async () => {
      await new Promise<void>((res) => {
        server.close(() => res());
        cut();
      });
    },
    up: async () => {
      if (!server.listening) await listen(port);
    },
    close: async () => {
      if (!server.listening) await listen(port);
      await database.close();
      server.close();
      cut();
    },
  };
}

async function refusing(base: Database): Promise<Outage> {
  const client = (base.db as unknown as { $client: Record<string, (...a: unknown[]) => Promise<unknown>> }).$client;
  const originals = { query: client.query!, exec: client.exec!, transaction: client.transaction! };
  const refuse = () => Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
  return {
    database: base,
    down: async () => {
      client.query = client.exec = client.transaction = refuse;
    },
    up: async () => {
      Object.assign(client, originals);
    },
    close: async () => {
      Object.assign(client, originals);
    },
  };
}
