/**
 * The written architecture of src/, checked in CI (`npm run check:boundaries`). Read it as the floor plan:
 *
 *   lib  <  domain  <  db  <  http  <  auth  <  web  <  modules (areas, in lifecycle order)  <  jobs  <  app
 *
 * Each layer imports only layers to its left. Inside modules/, an area is entered only through its door
 * (index.ts) or its tables (schema.ts), and areas call doors only downwards along the OCOP lifecycle (AREAS).
 * Model: the layered rules of unkey / openstatus and the forbidden-rule style of dependency-cruiser's own config.
 */

/** The areas from the bottom up: an area may call the door of any area before it, never after it. */
const AREAS = [
  "audit",
  "units",
  "files",
  "accounts",
  "producers",
  "cycles",
  "ideas",
  "products",
  "plans",
  "rubrics",
  "certificates",
  "evaluation",
  "stamps",
  "retail",
  "epcis",
  "watch",
  "complaints",
  "opendata",
  "programme",
  "tasks",
  "reporting",
  "dashboard",
  "system",
];

// Where drizzle-orm may be imported: tables, queries, verbs, and the database and session kernel.
const SQL_PLACES = [
  "^src/db/",
  "^src/auth/",
  "^src/modules/schema\\.ts$",
  "^src/modules/[^/]+/(schema|queries|service)\\.ts$",
  "^src/modules/[^/]+/(queries|services|runtime)/",
];

// What the domain may use besides itself: pure helpers and libraries without I/O.
const DOMAIN_MAY_IMPORT = ["^src/domain/", "^src/lib/(i18n|dates)\\.ts$", "(^|/)node_modules/zod/", "^(node:)?crypto$"];

const upward = AREAS.flatMap((area, i) => {
  const higher = AREAS.slice(i + 1);
  if (!higher.length) return [];
  return [
    {
      name: `areas-call-downwards:${area}`,
      comment: `${area} may call only the doors of areas below it (${AREAS.slice(0, i).join(", ") || "none"}); tables (schema.ts) are shared.`,
      severity: "error",
      from: { path: `^src/modules/${area}/` },
      to: { path: `^src/modules/(${higher.join("|")})/`, pathNot: "^src/modules/[^/]+/schema\\.ts$", dependencyTypesNot: ["type-only"] },
    },
  ];
});

const config = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycle, except the foreign-key loop among schema.ts files that drizzle's lazy references() allow.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, via: { pathNot: "^src/modules/[^/]+/schema\\.ts$" } },
    },
    {
      name: "door-only",
      comment: "From outside an area, import only its door (index.ts) or its tables (schema.ts).",
      severity: "error",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/[^/]+/.", pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/(index|schema)\\.ts$"] },
    },
    {
      name: "door-only-from-outside",
      comment: "The kernel, jobs and the app factories use an area's door or tables, never its internals.",
      severity: "error",
      from: { path: "^src/(?!modules/)" },
      to: { path: "^src/modules/[^/]+/.", pathNot: "^src/modules/[^/]+/(index|schema)\\.ts$" },
    },
    ...upward,
    {
      name: "sql-in-its-places",
      comment: "drizzle-orm only in schema.ts, queries, services, src/db/ and src/auth/: no SQL in route, page or view files.",
      severity: "error",
      from: { path: "^src/", pathNot: SQL_PLACES },
      to: { path: "(^|/)node_modules/drizzle-orm/" },
    },
    {
      name: "domain-is-pure",
      comment: "src/domain/ holds the rules: it imports nothing but itself, pure helpers and zod.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: DOMAIN_MAY_IMPORT },
    },
    {
      name: "lib-is-a-leaf",
      comment: "src/lib/ is pure helpers: it imports nothing else of src/.",
      severity: "error",
      from: { path: "^src/lib/" },
      to: { path: "^src/", pathNot: "^src/lib/" },
    },
    {
      name: "db-knows-no-area",
      comment: "src/db/ opens databases and types them; it knows no area, route or page.",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/", pathNot: ["^src/db/", "^src/lib/"] },
    },
    {
      name: "http-kernel",
      comment: "src/http/ (env, router, OpenAPI kit, service context) sits under auth, web and the areas.",
      severity: "error",
      from: { path: "^src/http/" },
      to: { path: "^src/", pathNot: ["^src/http/", "^src/lib/", "^src/domain/", "^src/db/", "^src/config\\.ts$"] },
    },
    {
      name: "auth-below-web-and-areas",
      comment: "src/auth/ (sessions, policy) may read the accounts and units tables, nothing of pages or areas' code.",
      severity: "error",
      from: { path: "^src/auth/" },
      to: { path: "^src/", pathNot: ["^src/auth/", "^src/http/", "^src/lib/", "^src/domain/", "^src/db/", "^src/config\\.ts$", "^src/modules/[^/]+/schema\\.ts$"] },
    },
    {
      name: "web-is-a-kit",
      comment: "src/web/ is the page kit: it may not import src/db/ or any area.",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/", pathNot: ["^src/web/", "^src/http/", "^src/auth/", "^src/lib/", "^src/domain/", "^src/config\\.ts$"] },
    },
    {
      name: "views-are-markup",
      comment: "views/*.tsx: props in, markup out; no database, no verbs or queries, no request Context.",
      severity: "error",
      from: { path: "^src/modules/[^/]+/views/" },
      to: {
        path: ["^src/db/", "^src/modules/[^/]+/(service|queries|api|pages|public)\\.tsx?$", "^src/modules/[^/]+/(services|queries|runtime)/", "^src/http/(env|router|service-ctx)\\.ts$", "(^|/)node_modules/drizzle-orm/"],
      },
    },
    {
      name: "areas-are-not-the-app",
      comment: "Nothing below the app factories imports app.ts, server.ts or worker.ts.",
      severity: "error",
      from: { path: "^src/(?!app\\.ts$|server\\.ts$|worker\\.ts$)" },
      to: { path: "^src/(app|server|worker)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(test|scripts)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },

};
module.exports = config;
