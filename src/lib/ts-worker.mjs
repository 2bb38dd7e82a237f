// Starts a worker thread on a TypeScript module: the server runs under tsx, and a worker does not inherit its
// loader, so the worker registers it before importing the module named in workerData.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
