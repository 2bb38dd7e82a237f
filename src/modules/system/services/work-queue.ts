import type { ServiceCtx } from "../../../http/service-ctx.js";
import { AppError } from "../../../lib/problem.js";
import type { WaitingWork, WorkCounter } from "../../../web/work-queue.js";
import { lastActionsOf, type AuditRecord } from "../../audit/index.js";
import { decisionsWaiting } from "../../certificates/index.js";
import { appealsWaiting, evaluationWaiting } from "../../evaluation/index.js";
import { ideasWaiting } from "../../ideas/index.js";
import { plansWaiting } from "../../plans/index.js";
import { shopLinksWaiting } from "../../products/index.js";
import { stockWarnings } from "../../retail/index.js";
import { batchesWaiting, reportsWaiting } from "../../stamps/index.js";
import { complaintsWaiting } from "../../complaints/index.js";

/** Every area's count of what waits for a person, in the order of the programme's year. */
const COUNTERS: readonly WorkCounter[] = [ideasWaiting, plansWaiting, evaluationWaiting, appealsWaiting, decisionsWaiting, batchesWaiting, reportsWaiting, complaintsWaiting, shopLinksWaiting, stockWarnings];

/**
 * The home page's work queue: the non-zero counts of what waits for the principal, and what they did last. A
 * counter refused by the policy (the person holds no right there) simply counts nothing.
 */
export async function workQueue(ctx: ServiceCtx): Promise<{ waiting: WaitingWork[]; recent: AuditRecord[] }> {
  const waiting: WaitingWork[] = [];
  for (const count of COUNTERS) {
    try {
      waiting.push(...(await count(ctx)).filter((w) => w.count > 0));
    } catch (err) {
      if (!(err instanceof AppError && (err.status === 401 || err.status === 403))) throw err;
    }
  }
  const recent = ctx.principal ? await lastActionsOf(ctx.db, ctx.principal.userId, 5) : [];
  return { waiting, recent };
}
