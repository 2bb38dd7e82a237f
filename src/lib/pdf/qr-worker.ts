import { parentPort } from "node:worker_threads";
import { qrPath } from "./qr.js";

// One job: a list of URLs in, their QR paths out, in order.
parentPort?.on("message", ({ id, urls }: { id: number; urls: string[] }) => {
  parentPort!.postMessage({ id, paths: urls.map(qrPath) });
});
