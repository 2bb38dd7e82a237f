import type { Role } from "./roles.js";

// Who is acting and with which grants: the subject of every policy rule, so its shape is part of the domain.

/** One role held by a user, with its scope resolved to what policy checks need. */
export type Grant = {
  role: Role;
  /** Dotted id path of the unit the role is held in ("1.5.88"), when unit-scoped. */
  unitPath?: string;
  unitId?: number;
  producerId?: number;
  retailPointId?: number;
  /** The agency (sở, ngành, báo, đài…) an `agency_staff` role is held for. */
  agencyId?: number;
};

export type Principal = {
  userId: string;
  username: string;
  displayName: string;
  locale: "vi" | "en";
  grants: Grant[];
};

export type AuthState = {
  principal: Principal | null;
  /** The session's cookie token (the database keeps only its SHA-256), null when signed out. */
  sessionId: string | null;
};
