import type { WorkflowError } from "../domain/workflow.js";
import { AppError, forbidden, validationError } from "../lib/problem.js";

/**
 * A refused workflow step as the problem the client sees. Status follows who must act: a missing reason or
 * amount is the caller's input (400, on the field), a role that may not act is 403, and a step that the
 * record's state or the cycle's calendar forbids is a conflict with the current state of things (409).
 */
export function workflowProblem(error: WorkflowError, fields: { reason?: string; amount?: string } = {}): AppError {
  const detail = { vi: error.vi, en: error.en };
  switch (error.code) {
    case "reason_missing":
      return validationError([{ path: fields.reason ?? "reason", message: error.en, vi: error.vi, en: error.en }], detail);
    case "support_missing":
    case "support_invalid":
      return validationError([{ path: fields.amount ?? "estimatedStateSupport", message: error.en, vi: error.vi, en: error.en }], detail);
    case "role_forbidden":
      return forbidden(detail);
    case "late":
      return new AppError(409, "deadline-passed", { vi: "Đã quá hạn", en: "Deadline passed" }, detail);
    case "deadline_not_set":
      return new AppError(409, "deadline-not-set", { vi: "Chưa đặt hạn", en: "Deadline not set" }, detail);
    case "wrong_state":
    case "not_in_chain":
      return new AppError(409, "wrong-state", { vi: "Không thể thực hiện ở trạng thái hiện tại", en: "Not possible in the current state" }, detail);
  }
}
