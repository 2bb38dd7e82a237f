import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { fieldErrors } from "../lib/validation.js";
import { validationError } from "../lib/problem.js";

/**
 * Every JSON sub-app is created here so that validation failures of every declared route become the same
 * 400 problem+json (thrown, so the app's one error handler renders it).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const input = "data" in result ? (result as { data: unknown }).data : undefined;
        throw validationError(fieldErrors(result.error, input));
      }
    },
  });
}
