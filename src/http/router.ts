import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { fieldErrors } from "../lib/validation.js";
import { notFound, validationError } from "../lib/problem.js";

/**
 * Every JSON sub-app is created here so that validation failures of every declared route become the same
 * 400 problem+json (thrown, so the app's one error handler renders it).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        // A path that names no possible record (an id out of range, not a number) is not found, not a bad request.
        if ((result as { target?: string }).target === "param") throw notFound({ vi: "bản ghi", en: "The record" });
        const input = "data" in result ? (result as { data: unknown }).data : undefined;
        throw validationError(fieldErrors(result.error, input));
      }
    },
  });
}
