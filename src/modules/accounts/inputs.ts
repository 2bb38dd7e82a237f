import { z } from "@hono/zod-openapi";
import { bi } from "../../lib/validation.js";
import { ROLES } from "../../domain/roles.js";

// Input and output shapes of the accounts API, shared by the JSON routes, the admin forms and the service.

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const PASSWORD_MIN = 10;

export const CreateUserInput = z
  .strictObject({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        USERNAME_RE,
        bi(
          "Tên đăng nhập gồm 3-64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang",
          "The username has 3-64 characters: lowercase letters without accents, digits, dot, underscore or hyphen",
        ),
      )
      .openapi({ example: "nguyenvana" }),
    displayName: z
      .string()
      .trim()
      .min(1, bi("Nhập họ và tên", "Enter the full name"))
      .max(200, bi("Họ và tên tối đa 200 ký tự", "The full name has at most 200 characters"))
      .openapi({ example: "Nguyễn Văn A" }),
    email: z.email(bi("Email không hợp lệ", "Invalid email address")).max(254).optional(),
    password: z
      .string()
      .min(PASSWORD_MIN, bi(`Mật khẩu tối thiểu ${PASSWORD_MIN} ký tự`, `The password has at least ${PASSWORD_MIN} characters`))
      .max(1024, bi("Mật khẩu tối đa 1024 ký tự", "The password has at most 1024 characters")),
    locale: z.enum(["vi", "en"]).default("vi"),
  })
  .openapi("CreateUserRequest");
export type CreateUserInput = z.output<typeof CreateUserInput>;

const id = (vi: string, en: string) => z.number(bi(vi, en)).int(bi(vi, en)).positive(bi(vi, en));

export const AssignRoleInput = z
  .strictObject({
    role: z.enum(ROLES, bi("Vai trò không hợp lệ", "Unknown role")),
    unitId: id("Mã đơn vị hành chính không hợp lệ", "Invalid administrative unit id").optional(),
    producerId: id("Mã chủ thể không hợp lệ", "Invalid producer id").optional(),
    retailPointId: id("Mã điểm bán không hợp lệ", "Invalid retail point id").optional(),
    agencyId: id("Mã cơ quan, đơn vị không hợp lệ", "Invalid agency id").optional(),
  })
  .openapi("AssignRoleRequest", {
    description:
      "Unit-scoped roles take unitId of a fitting level (system_admin, province_office: province; ministry_office: country; district_office: district; commune_officer: commune; council_member: country, province or district; inspector: province or district); producer_member takes producerId; retail_operator takes retailPointId; agency_staff takes agencyId (an active agency of the office's list).",
  });
export type AssignRoleInput = z.output<typeof AssignRoleInput>;

// Not strict: pages and clients add global parameters such as `lang`.
export const ListUsersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["active", "disabled", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListUsersQuery = z.output<typeof ListUsersQuery>;

export const AssignmentSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(ROLES),
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    unitLevel: z.enum(["country", "province", "district", "commune"]).nullable(),
    unitPath: z.string().nullable(),
    producerId: z.number().int().nullable(),
    producerName: z.string().nullable(),
    retailPointId: z.number().int().nullable(),
    retailPointName: z.string().nullable(),
    agencyId: z.number().int().nullable(),
    agencyName: z.string().nullable(),
    grantedBy: z.string().nullable(),
    grantedAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("RoleAssignment");
export type AssignmentView = z.output<typeof AssignmentSchema>;

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    locale: z.enum(["vi", "en"]),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
    /** Active assignments only in lists; the detail view lists revoked ones too. */
    roles: z.array(AssignmentSchema),
  })
  .openapi("User");
export type UserView = z.output<typeof UserSchema>;

export const UserListSchema = z.object({ items: z.array(UserSchema), total: z.number().int() }).openapi("UserList");
export type UserList = z.output<typeof UserListSchema>;

export type UnitOption = { id: number; name: string; level: "country" | "province" | "district" | "commune"; depth: number };

export const USERNAME_MAX = 200;
export const PASSWORD_MAX = 1024;

export const LoginBody = z
  .strictObject({
    username: z.string().trim().min(1, bi("Nhập tên đăng nhập", "Enter the username")).max(USERNAME_MAX),
    password: z.string().min(1, bi("Nhập mật khẩu", "Enter the password")).max(PASSWORD_MAX),
  })
  .openapi("LoginRequest");
