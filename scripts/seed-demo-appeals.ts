import { eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Db } from "../src/db/client.js";
import { vnToday } from "../src/lib/dates.js";
import { users } from "../src/modules/accounts/schema.js";
import { certificates } from "../src/modules/certificates/schema.js";
import { complaints } from "../src/modules/complaints/schema.js";
import { fileComplaint } from "../src/modules/complaints/services/complaints.js";
import { resultAppeals, roundDossiers } from "../src/modules/evaluation/schema.js";
import { fileAppeal } from "../src/modules/evaluation/services/appeals.js";
import { productShopLinks } from "../src/modules/products/schema.js";
import { decideShopLink, proposeShopLink } from "../src/modules/products/services/shop-links.js";

/*
 * Issue 18's appeal and complaint, so the office sees both waiting on its home (`vanphong.tinh`):
 * - `htx.buoiphuctrach` appeals the council result its 4★ certificate rests on (within the 90 days), with grounds;
 * - a consumer complains about the same certified product's labelling from its public page; the start log prints
 *   the complainant's private link.
 * Through the services, with their audit records; a second run adds nothing.
 */
export async function seedAppealsDemo(db: Db, opts: { now: Date; certificateId: number; publicBaseUrl: string }): Promise<{ appealId: number; complaintLink: string | null; shopLinks: string } | null> {
  const [cert] = await db.select().from(certificates).where(eq(certificates.id, opts.certificateId)).limit(1);
  const [member] = await db.select().from(users).where(eq(users.username, "htx.buoiphuctrach"));
  if (!cert || !member) return null;
  const [existing] = await db.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.roundDossierId, cert.roundDossierId)).limit(1);
  let appealId = existing?.id ?? 0;
  if (!existing) {
    const [assigned] = await db.select({ dossierId: roundDossiers.dossierId }).from(roundDossiers).where(eq(roundDossiers.id, cert.roundDossierId));
    const principal = await loadPrincipal(db, member, vnToday(opts.now));
    const appeal = await fileAppeal({
      ctx: { db, principal, now: opts.now, requestId: "seed-demo" },
      input: { dossierId: assigned!.dossierId, roundDossierId: cert.roundDossierId, grounds: "Tiêu chí 1.2 (liên kết vùng nguyên liệu): HTX đã nộp hợp đồng liên kết với 35 hộ trồng bưởi nhưng phiếu chấm ghi chưa có minh chứng. Đề nghị Hội đồng xem xét lại (demo)." },
    });
    appealId = appeal.id;
  }
  const [already] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.certificateId, cert.id)).limit(1);
  let complaintLink: string | null = null;
  if (!already) {
    const done = await fileComplaint({
      db,
      now: opts.now,
      requestId: "seed-demo",
      input: { certificateId: cert.id, topic: "labelling", what: "Hộp bưởi mua ở chợ không ghi ngày thu hoạch và khối lượng tịnh, khác với hộp bán ở điểm OCOP (demo).", place: "Chợ Hà Tĩnh", contact: undefined },
      photo: null,
    });
    complaintLink = `${opts.publicBaseUrl}/complaints/track/${done.token}`;
  }
  const shopLinks = await seedShopLinks(db, opts.now, cert.productId);
  return { appealId, complaintLink, shopLinks };
}

/**
 * Where to buy: the producer's Shopee shop approved by the office (shown on /p and the scan page beside the demo
 * shop that stocks the product), and its website waiting for the office's approval.
 */
async function seedShopLinks(db: Db, now: Date, productId: number): Promise<string> {
  const [any] = await db.select({ id: productShopLinks.id }).from(productShopLinks).where(eq(productShopLinks.productId, productId)).limit(1);
  if (!any) {
    const as = async (username: string) => {
      const [u] = await db.select().from(users).where(eq(users.username, username));
      return { db, principal: await loadPrincipal(db, u!, vnToday(now)), now, requestId: "seed-demo" };
    };
    const member = await as("htx.buoiphuctrach");
    const proposed = await proposeShopLink({ ctx: member, input: { productId, kind: "marketplace", url: "https://shopee.vn/htx-buoi-phuc-trach-demo", label: "Gian hàng HTX trên Shopee (demo)" } });
    await decideShopLink({ ctx: await as("vanphong.tinh"), input: { productId, linkId: proposed.shopLinks[0]!.id, decision: "approve" } });
    await proposeShopLink({ ctx: member, input: { productId, kind: "website", url: "https://htxbuoiphuctrach.vn/", label: "Trang web của HTX (demo)" } });
  }
  return `/products/${productId}#shop-links`;
}
