import { z } from "@hono/zod-openapi";
import { bi, zQueryId } from "../../lib/validation.js";
import { CreateUserInput } from "../accounts/index.js";
import { PRODUCER_KINDS } from "./schema.js";

// Input and output shapes of the producers API, shared by the JSON routes, the pages and the service.

export const GENDERS = ["female", "male", "other"] as const;

/**
 * Mã số thuế: 10 digits, or 13 for a branch/dependent unit, written "0101234567-001" or "0101234567001".
 * Stored in the hyphenated form so the two spellings of one number cannot both be registered.
 */
export const TAX_CODE_RE = /^(\d{10})(?:-?(\d{3}))?$/;
export function normalizeTaxCode(raw: string): string {
  const s = raw.replace(/[\s.]/g, "");
  const m = TAX_CODE_RE.exec(s);
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]!) : s;
}

/** Vietnamese phone numbers: mobiles 0[35789]x xxx xxxx, landlines 02xx xxx xxxx; +84 or 84 for the 0. Stored as 0…. */
export const PHONE_RE = /^0(?:[35789]\d{8}|2\d{9})$/;
export function normalizePhone(raw: string): string {
  const s = raw.replace(/[\s.()-]/g, "");
  if (s.startsWith("+84")) return "0" + s.slice(3);
  if (/^84\d{9,10}$/.test(s)) return "0" + s.slice(2);
  return s;
}

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`${vi[0]!.toUpperCase() + vi.slice(1)} tối đa ${max} ký tự`, `${en[0]!.toUpperCase() + en.slice(1)} has at most ${max} characters`));

const name = text(300, "tên chủ thể", "the producer's name").openapi({ example: "HTX Nông nghiệp Cẩm Thạch" });
const kind = z.enum(PRODUCER_KINDS, bi("Loại hình chủ thể phải là HTX, THT, DN hoặc HKD", "The kind must be htx, tht, dn or hkd")).openapi({
  description: "htx: cooperative (hợp tác xã); tht: cooperative group (tổ hợp tác); dn: enterprise (doanh nghiệp); hkd: household business (hộ kinh doanh)",
});
const taxCode = z
  .string()
  .transform(normalizeTaxCode)
  .pipe(z.string().regex(TAX_CODE_RE, bi("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số cho chi nhánh (dạng 0101234567-001)", "The tax code has 10 digits, or 13 for a branch (as in 0101234567-001)")))
  .openapi({ example: "3001234567", description: "Required for DN and HTX; optional for THT and HKD." });
const communeId = z
  .number(bi("Chọn xã, phường nơi chủ thể đặt trụ sở", "Choose the commune or ward of the producer's seat"))
  .int(bi("Mã xã không hợp lệ", "Invalid commune id"))
  .positive(bi("Mã xã không hợp lệ", "Invalid commune id"))
  .openapi({ description: "A commune-level unit in force today (GET /api/units?level=commune)." });
const address = text(500, "địa chỉ", "the address").openapi({ example: "Thôn Trung Tiến, xã Cẩm Thạch" });
const phone = z
  .string()
  .transform(normalizePhone)
  .pipe(z.string().regex(PHONE_RE, bi("Số điện thoại không hợp lệ (ví dụ 0912 345 678 hoặc 0239 3855 123)", "Invalid phone number (e.g. 0912 345 678 or 0239 3855 123)")))
  .openapi({ example: "0912345678" });
const email = z.string().trim().pipe(z.email(bi("Email không hợp lệ", "Invalid email address")).max(254, bi("Email tối đa 254 ký tự", "The email has at most 254 characters")));
const representativeName = text(200, "họ tên người đại diện", "the representative's name");
const representativeGender = z.enum(GENDERS, bi("Giới tính phải là nữ, nam hoặc khác", "The gender is female, male or other"));
const representativeEthnicity = text(50, "dân tộc", "the ethnicity").openapi({ example: "Kinh" });
const registrationNumber = text(50, "số giấy chứng nhận đăng ký", "the registration number");
const registrationDate = z.iso.date(bi("Ngày cấp phải có dạng YYYY-MM-DD", "The date of issue is written YYYY-MM-DD"));
const website = z
  .string()
  .trim()
  .max(300, bi("Địa chỉ website tối đa 300 ký tự", "The website has at most 300 characters"))
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, bi("Website phải bắt đầu bằng http:// hoặc https://", "The website starts with http:// or https://"));
const publicContacts = z.boolean(bi("Giá trị công khai liên hệ không hợp lệ", "publicContacts is true or false"));

export const CreateProducerInput = z
  .strictObject({
    name,
    kind,
    taxCode: taxCode.optional(),
    communeId,
    address,
    phone: phone.optional(),
    email: email.optional(),
    representativeName: representativeName.optional(),
    representativeGender: representativeGender.optional(),
    representativeEthnicity: representativeEthnicity.optional(),
    registrationNumber: registrationNumber.optional(),
    registrationDate: registrationDate.optional(),
    website: website.optional(),
    publicContacts: publicContacts.default(false),
  })
  .openapi("RegisterProducerRequest");
export type CreateProducerInput = z.output<typeof CreateProducerInput>;

/** Absent fields stay as they are; null clears an optional one. */
export const UpdateProducerInput = z
  .strictObject({
    name: name.optional(),
    kind: kind.optional(),
    taxCode: taxCode.nullable().optional(),
    communeId: communeId.optional(),
    address: address.optional(),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
    representativeName: representativeName.nullable().optional(),
    representativeGender: representativeGender.nullable().optional(),
    representativeEthnicity: representativeEthnicity.nullable().optional(),
    registrationNumber: registrationNumber.nullable().optional(),
    registrationDate: registrationDate.nullable().optional(),
    website: website.nullable().optional(),
    publicContacts: publicContacts.optional(),
  })
  .openapi("UpdateProducerRequest");
export type UpdateProducerInput = z.output<typeof UpdateProducerInput>;

/** A member's account: the same shape as an administrator's "create user". */
export const AddMemberInput = CreateUserInput;
export type AddMemberInput = z.output<typeof AddMemberInput>;

// Not strict: pages and clients add global parameters such as `lang`.
export const ListProducersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(PRODUCER_KINDS).optional(),
  communeId: zQueryId().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListProducersQuery = z.output<typeof ListProducersQuery>;

export const ProducerSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(PRODUCER_KINDS),
    taxCode: z.string().nullable(),
    communeId: z.number().int(),
    communeName: z.string(),
    /** The unit above the commune (a district, or the province since the 2025 reform). */
    parentUnitName: z.string().nullable(),
    unitPath: z.string(),
    address: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    representativeName: z.string().nullable(),
    representativeGender: z.enum(GENDERS).nullable(),
    representativeEthnicity: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    registrationDate: z.string().nullable(),
    website: z.string().nullable(),
    publicContacts: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Producer");
export type ProducerView = z.output<typeof ProducerSchema>;

export const MemberSchema = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    assignmentId: z.number().int(),
    grantedAt: z.string(),
    disabled: z.boolean(),
  })
  .openapi("ProducerMember");
export type MemberView = z.output<typeof MemberSchema>;

export const ProducerDetailSchema = ProducerSchema.extend({ members: z.array(MemberSchema) }).openapi("ProducerDetail");
export type ProducerDetail = z.output<typeof ProducerDetailSchema>;

export const ProducerListSchema = z.object({ items: z.array(ProducerSchema), total: z.number().int() }).openapi("ProducerList");
export type ProducerList = z.output<typeof ProducerListSchema>;

/** Today's communes grouped under the unit above them (a district, or the province after the 2025 reform). */
export type CommuneGroup = { label: string; communes: { id: number; name: string }[] };
