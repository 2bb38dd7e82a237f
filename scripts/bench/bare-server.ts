import { serve } from "@hono/node-server";
import { Hono } from "hono";

/*
 * The bench's bare yardstick (`bare_rps`): a Hono app with no middleware at all serving, for every /s/*, the
 * bytes of one scan page fetched once from the real server (BARE_SOURCE, its from-memory route, so no scan is
 * recorded). What the real server's scan page costs beyond this is its middleware, the scan and the recording.
 */

const source = process.env.BARE_SOURCE;
const port = Number(process.env.BARE_PORT ?? 3979);
if (!source) throw new Error("BARE_SOURCE (the page to serve) is required");
const res = await fetch(source, { headers: { accept: "text/html" } });
if (!res.ok) throw new Error(`${source}: ${res.status}`);
const page = new Uint8Array(await res.arrayBuffer());

const app = new Hono();
app.get("/s/*", (c) => c.body(page, 200, { "content-type": "text/html; charset=UTF-8" }));
app.get("/healthz", (c) => c.text("ok"));
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
