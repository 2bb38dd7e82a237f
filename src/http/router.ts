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
        // A well-formed path id beyond its column (int4) names no possible record: not found. A malformed one
        // ("abc") is still the client's input to fix: 400 naming the field, as for any other input.
        const issues = (result.error as { issues?: { code?: string }[] }).issues ?? [];
        if ((result as { target?: string }).target === "param" && issues.length > 0 && issues.every((i) => i.code === "too_big")) {
          throw notFound({ vi: "bản ghi", en: "The record" });
        }
        const input = "data" in result ? (result as { data: unknown }).data : undefined;
        throw validationError(fieldErrors(result.error, input));
      }
    },
  });
}
