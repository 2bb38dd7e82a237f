import { and, count, desc, eq, sql } from "drizzle-orm";
import { authorize } from "../../auth/policy.js";
import { DEADLINE_LABELS, missingDeadlines, type CycleDeadlines } from "../../domain/cycle-deadlines.js";
import { chainHasDistrict, type LevelChain } from "../../domain/level-chain.js";
import { cycleStartDate, districtChainProblem, notInForceProblem } from "../../domain/successor.js";
import type { DbOrTx } from "../../db/client.js";
import { getUnit, listUnits } from "../units/index.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { audit } from "../audit/index.js";
import { productIdeas } from "../ideas/schema.js";
import type { CreateCycleInput, CycleView, UpdateCycleInput } from "./inputs.js";
import { type CycleRow, cycleView as view, getCycleRow } from "./queries.js";
import { cycles } from "./schema.js";

const cycleNotFound = () => notFound({ vi: "chu trình OCOP", en: "The OCOP cycle" });

function checkChainDeadlines(chain: LevelChain, deadlines: CycleDeadlines): void {
  const missing = missingDeadlines(deadlines, chain);
  if (missing.length) {
    throw validationError(
      missing.map((k) => ({
        path: `deadlines.${k}`,
        vi: `Chuỗi có cấp huyện cần hạn ${DEADLINE_LABELS[k].vi}.`,
        en: `A chain with a district level needs the ${DEADLINE_LABELS[k].en} deadline.`,
        message: `A chain with a district level needs the ${DEADLINE_LABELS[k].en} deadline.`,
      })),
    );
  }
}

const audited = (c: CycleRow) => ({ ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() });

/** Cycles are not secret: every signed-in user may list them (producers choose one when registering an idea). */
export async function listCycles({ ctx, input }: { ctx: ServiceCtx; input: { provinceId?: number | undefined } }): Promise<CycleView[]> {
  if (!ctx.principal) throw unauthenticated();
  const rows = await ctx.db
    .select()
    .from(cycles)
    .where(input.provinceId ? eq(cycles.provinceId, input.provinceId) : undefined)
    .orderBy(desc(cycles.year), desc(cycles.id));
  return Promise.all(rows.map((r) => view(ctx.db, r)));
}

export async function getCycle({ ctx, input }: { ctx: ServiceCtx; input: { cycleId: number } }): Promise<CycleView> {
  if (!ctx.principal) throw unauthenticated();
  const row = await getCycleRow(ctx.db, input.cycleId);
  if (!row) throw cycleNotFound();
  return view(ctx.db, row);
}

/** The province units in which the principal may manage cycles (a provincial office's own province). */
async function managedProvince(ctx: ServiceCtx): Promise<{ id: number; path: string }> {
  const p = ctx.principal;
  if (!p) throw unauthenticated();
  const grant = p.grants.find((g) => g.role === "province_office" && g.unitId !== undefined && g.unitPath !== undefined && !g.unitPath.includes("."));
  if (!grant) throw forbidden({ vi: "Chỉ Văn phòng Điều phối OCOP tỉnh được lập chu trình.", en: "Only the provincial OCOP office sets up cycles." });
  authorize(p, "cycles.manage", { unitPath: grant.unitPath! });
  return { id: grant.unitId!, path: grant.unitPath! };
}

/**
 * A chain through the district runs only for a cycle that starts while the province had districts (the years
 * before the 2025 reform, and importing them); today it is refused with the reason. The province itself must
 * be in force on the cycle's first day.
 */
async function checkChainInForce(db: DbOrTx, province: { id: number }, year: number, chain: LevelChain): Promise<void> {
  const date = cycleStartDate(year);
  const unit = await getUnit(db, province.id);
  const gone = unit ? notInForceProblem(unit, date) : null;
  if (gone) throw validationError([{ path: "year", vi: gone.vi, en: gone.en, message: gone.en }]);
  if (!chainHasDistrict(chain)) return;
  const districts = await listUnits(db, { parentId: province.id, level: "district", at: date });
  const problem = districtChainProblem(year, districts.length);
  if (problem) throw validationError([{ path: "chain", vi: problem.vi, en: problem.en, message: problem.en }]);
}

export async function createCycle({ ctx, input }: { ctx: ServiceCtx; input: CreateCycleInput }): Promise<CycleView> {
  const province = await managedProvince(ctx);
  checkChainDeadlines(input.chain, input.deadlines);
  await checkChainInForce(ctx.db, province, input.year, input.chain);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: cycles.id }).from(cycles).where(and(eq(cycles.provinceId, province.id), eq(cycles.year, input.year))).limit(1);
    if (taken) {
      throw conflict("cycle-exists", { vi: "Chu trình đã có", en: "Cycle exists" }, {
        vi: `Tỉnh đã có chu trình năm ${input.year}; hãy sửa chu trình đó.`,
        en: `The province already has a ${input.year} cycle; edit that one.`,
      });
    }
    const [row] = await tx
      .insert(cycles)
      .values({ provinceId: province.id, year: input.year, chain: input.chain, deadlines: input.deadlines, note: input.note ?? null, createdBy: ctx.principal!.userId, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await audit(tx, ctx, { action: "cycle.create", subjectType: "cycle", subjectId: row!.id, after: audited(row!) });
    return view(tx, row!);
  });
}

/**
 * Deadlines may move (an official extends a deadline: the domain rules read them at each step). The chain may
 * change only while no idea has left the producer's hands: changing it later would strand ideas in states the
 * new chain does not have.
 */
export async function updateCycle({ ctx, input }: { ctx: ServiceCtx; input: UpdateCycleInput & { cycleId: number } }): Promise<CycleView> {
  const province = await managedProvince(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(cycles).where(eq(cycles.id, input.cycleId)).for("update").limit(1);
    if (!before) throw cycleNotFound();
    if (before.provinceId !== province.id) throw forbidden();
    const chain = input.chain ?? before.chain;
    const deadlines = input.deadlines ?? before.deadlines;
    checkChainDeadlines(chain, deadlines);
    if (chain !== before.chain) await checkChainInForce(tx, province, before.year, chain);
    if (chain !== before.chain) {
      const [moved] = await tx
        .select({ n: count() })
        .from(productIdeas)
        .where(and(eq(productIdeas.cycleId, before.id), sql`${productIdeas.state} <> 'draft'`));
      if ((moved?.n ?? 0) > 0) {
        throw conflict("cycle-chain-in-use", { vi: "Không thể đổi chuỗi cấp", en: "Cannot change the chain" }, {
          vi: "Đã có ý tưởng được gửi trong chu trình này; không thể đổi chuỗi cấp xét duyệt.",
          en: "Ideas have already been submitted in this cycle; its chain of levels can no longer change.",
        });
      }
    }
    const [after] = await tx
      .update(cycles)
      .set({ chain, deadlines, ...(input.note !== undefined ? { note: input.note } : {}), updatedAt: ctx.now })
      .where(eq(cycles.id, before.id))
      .returning();
    await audit(tx, ctx, { action: "cycle.update", subjectType: "cycle", subjectId: before.id, before: audited(before), after: audited(after!) });
    return view(tx, after!);
  });
}
