// The door of the accounts area: what other areas, the jobs and the app may use. Everything else is internal.
export { CreateUserInput } from "./inputs.js";
export { accountsRoutes } from "./routes.js";
export { auditedUser, insertUser, withUsernameGuard } from "./service.js";
