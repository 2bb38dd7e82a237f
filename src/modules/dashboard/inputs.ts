import { z } from "@hono/zod-openapi";
import { PRODUCT_KINDS } from "../../domain/product-categories.js";
import { zQueryId } from "../../lib/validation.js";

// Input and output shapes of the province's dashboard (/dashboard, /api/dashboard).

export const DashboardQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2000).max(2100).optional().openapi({ description: "The year (Vietnam calendar); this year when absent." }),
    unitId: zQueryId().optional().openapi({ description: "A unit within the caller's (the province, a district, a commune); the caller's own when absent." }),
    unit: z.string().trim().max(300).optional().openapi({ description: "The unit as typed in the page's picker (a code, a name, or a suggestion \"code — name\")." }),
    lang: z.enum(["vi", "en"]).optional(),
  })
  .openapi("DashboardQuery");
export type DashboardQuery = z.output<typeof DashboardQuery>;

const bilingual = z.object({ vi: z.string(), en: z.string() });
const money = z.string().regex(/^[0-9]+$/).openapi({ description: "Whole đồng, as a decimal string (exact)." });
const n = z.number().int();

export const FundingSchema = z.object({ plans: n, ownCapital: money, loans: money, otherSources: money, stateSupport: money, total: money });
export type Funding = z.output<typeof FundingSchema>;

export const DashboardSchema = z
  .object({
    year: n,
    /** The day "in force" is counted on: today for this year, the year's last day for a past one. */
    asOf: z.string(),
    today: z.string(),
    unit: z.object({ id: n, name: z.string(), code: z.string(), level: z.string() }),
    inForce: z.object({
      products: n,
      byStars: z.array(z.object({ stars: n, products: n })),
      byGroup: z.array(z.object({ kind: z.enum(PRODUCT_KINDS), label: bilingual, products: n })),
      byCommune: z.array(z.object({ communeId: n, commune: z.string(), district: z.string().nullable(), products: n })),
    }),
    pipeline: z.object({ ideas: n, plans: n, products: n, dossiers: n, certified: n }),
    expiring: z.array(z.object({ certificateId: n, productName: z.string(), commune: z.string(), stars: n, validUntil: z.string() })),
    fiveStar: z.array(z.object({ dossierId: n, productName: z.string(), commune: z.string(), score: z.number().nullable(), finalisedOn: z.string(), centralStars: n.nullable(), centralDone: z.boolean() })),
    funding: FundingSchema,
    fundingByUnit: z.array(FundingSchema.extend({ unitId: n, unitName: z.string() })),
    stamps: z.object({ issued: n, activated: n, scanned: n }),
    fakeReports: z.object({ new: n, investigating: n }),
  })
  .openapi("Dashboard");
export type Dashboard = z.output<typeof DashboardSchema>;

/** A unit the caller may pick, for the page's picker. */
export type DashboardUnit = { id: number; code: string; name: string; level: string; path: string; ended: boolean };
