import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Child } from "hono/jsx";
import type { Locale } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";

export type OpenApiDocument = ReturnType<InstanceType<typeof OpenAPIHono>["getOpenAPI31Document"]>;

// The document is walked loosely: only the fields shown are read, and every one may be absent.
type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
  [constraint: string]: unknown;
};
type Media = Record<string, { schema?: Schema }>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema; $ref?: string };
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; required?: boolean; content?: Media; $ref?: string };
  responses?: Record<string, { description?: string; content?: Media; $ref?: string }>;
};
export type Doc = {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Partial<Record<string, Operation>>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter>; responses?: Record<string, unknown>; requestBodies?: Record<string, unknown> };
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const CONSTRAINTS = ["minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "pattern"];
const OTHER = { vi: "Khác", en: "Other" };

const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);
const anchor = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const opId = (method: string, path: string) => `op-${method}-${anchor(path)}`;

function resolve<T>(doc: Doc, v: T & { $ref?: string }): T {
  if (!v.$ref) return v;
  const [, , kind, name] = v.$ref.split("/");
  const target = (doc.components as Record<string, Record<string, unknown>> | undefined)?.[kind ?? ""]?.[name ?? ""];
  return (target as T | undefined) ?? v;
}

function SchemaView({ s, depth = 0 }: { s: Schema; depth?: number }): Child {
  if (s.$ref) {
    const name = refName(s.$ref);
    return <a href={`#schema-${anchor(name)}`}>{name}</a>;
  }
  const variants = s.oneOf ?? s.anyOf ?? s.allOf;
  if (variants) {
    const label = s.allOf ? "all of" : "one of";
    return (
      <span>
        <span class="type">{label}</span>
        <ul>
          {variants.map((v) => (
            <li>
              <SchemaView s={v} depth={depth + 1} />
            </li>
          ))}
        </ul>
      </span>
    );
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const nullable = s.nullable || types.includes("null");
  const main = types.filter((x) => x !== "null");
  const facts: string[] = [];
  if (s.format) facts.push(s.format);
  for (const k of CONSTRAINTS) if (s[k] !== undefined) facts.push(`${k} ${String(s[k])}`);
  if (s.default !== undefined) facts.push(`default ${JSON.stringify(s.default)}`);
  if (s.additionalProperties === false) facts.push("no other fields");
  return (
    <span>
      <span class="type">
        {s.const !== undefined ? JSON.stringify(s.const) : main.length ? main.join(" | ") : "any"}
        {nullable ? " | null" : ""}
      </span>
      {facts.length > 0 && <span class="facts"> ({facts.join(", ")})</span>}
      {s.enum && <span class="facts"> — {s.enum.map((v) => JSON.stringify(v)).join(", ")}</span>}
      {s.description && depth > 0 && <span class="desc"> — {s.description}</span>}
      {s.items && (
        <span>
          {" "}
          of <SchemaView s={s.items} depth={depth + 1} />
        </span>
      )}
      {s.properties && depth < 8 && (
        <ul class="props">
          {Object.entries(s.properties).map(([name, p]) => (
            <li>
              <code>{name}</code>
              {s.required?.includes(name) ? <abbr title="required">*</abbr> : ""}: <SchemaView s={p} depth={depth + 1} />
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

function Content({ content }: { content: Media | undefined }) {
  if (!content) return null;
  return (
    <>
      {Object.entries(content).map(([type, m]) => (
        <div class="media">
          <code class="ctype">{type}</code> {m.schema && <SchemaView s={m.schema} />}
        </div>
      ))}
    </>
  );
}

function OperationView({ doc, method, path, op, locale }: { doc: Doc; method: string; path: string; op: Operation; locale: Locale }) {
  const params = (op.parameters ?? []).map((p) => resolve(doc, p));
  const body = op.requestBody && resolve(doc, op.requestBody);
  return (
    <article class="card op" id={opId(method, path)}>
      <h3>
        <span class={`badge method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      {op.summary && <p class="summary">{op.summary}</p>}
      {op.description && <p>{op.description}</p>}
      {params.length > 0 && (
        <>
          <h4>{t(locale, { vi: "Tham số", en: "Parameters" })}</h4>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(locale, { vi: "Tên", en: "Name" })}</th>
                  <th scope="col">{t(locale, { vi: "Vị trí", en: "In" })}</th>
                  <th scope="col">{t(locale, { vi: "Kiểu", en: "Type" })}</th>
                  <th scope="col">{t(locale, { vi: "Mô tả", en: "Description" })}</th>
                </tr>
              </thead>
              <tbody>
                {params.map((p) => (
                  <tr>
                    <td>
                      <code>{p.name}</code>
                      {p.required ? <abbr title="required">*</abbr> : ""}
                    </td>
                    <td>{p.in}</td>
                    <td>{p.schema && <SchemaView s={p.schema} />}</td>
                    <td>{p.description ?? p.schema?.description ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {body && (
        <>
          <h4>
            {t(locale, { vi: "Nội dung gửi lên", en: "Request body" })}
            {body.required ? " *" : ""}
          </h4>
          {body.description && <p>{body.description}</p>}
          <Content content={body.content} />
        </>
      )}
      <h4>{t(locale, { vi: "Phản hồi", en: "Responses" })}</h4>
      <dl class="responses">
        {Object.entries(op.responses ?? {}).map(([status, raw]) => {
          const r = resolve(doc, raw);
          return (
            <>
              <dt>
                <span class={`badge status-${status.slice(0, 1)}xx`}>{status}</span>
              </dt>
              <dd>
                {r.description}
                {/* Error bodies are all the same problem shape: folded so the success shape stands out. */}
                {status.startsWith("2") || !r.content ? (
                  <Content content={r.content} />
                ) : (
                  <details>
                    <summary>{t(locale, { vi: "Nội dung lỗi", en: "Error body" })}</summary>
                    <Content content={r.content} />
                  </details>
                )}
              </dd>
            </>
          );
        })}
      </dl>
    </article>
  );
}

type Op = { method: string; path: string; op: Operation };

function groupByTag(doc: Doc, locale: Locale): [string, Op[]][] {
  const groups = new Map<string, Op[]>();
  for (const tag of doc.tags ?? []) groups.set(tag.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? t(locale, OTHER);
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, op });
    }
  }
  return [...groups].filter(([, ops]) => ops.length > 0).sort(([a], [b]) => a.localeCompare(b));
}

function ApiReference({ doc, locale }: { doc: Doc; locale: Locale }) {
  const groups = groupByTag(doc, locale);
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return (
    <>
      <p>
        {doc.info.title} · {t(locale, { vi: "phiên bản", en: "version" })} {doc.info.version}
      </p>
      {doc.info.description && <p>{doc.info.description}</p>}
      <p>
        {t(locale, { vi: "Tài liệu máy đọc được (OpenAPI 3.1): ", en: "Machine-readable document (OpenAPI 3.1): " })}
        <a href="/api/openapi.json">/api/openapi.json</a>
      </p>
      <nav class="card toc" aria-label={t(locale, { vi: "Mục lục", en: "Contents" })}>
        {groups.map(([tag, ops]) => (
          <div>
            <a href={`#tag-${anchor(tag)}`}>
              <strong>{tag}</strong>
            </a>
            <ul>
              {ops.map((o) => (
                <li>
                  <a href={`#${opId(o.method, o.path)}`}>
                    <span class={`badge method-${o.method}`}>{o.method.toUpperCase()}</span> <code>{o.path}</code>
                  </a>
                  {o.op.summary ? ` — ${o.op.summary}` : ""}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {groups.map(([tag, ops]) => (
        <section id={`tag-${anchor(tag)}`}>
          <h2>{tag}</h2>
          {doc.tags?.find((x) => x.name === tag)?.description && <p>{doc.tags.find((x) => x.name === tag)!.description}</p>}
          {ops.map((o) => (
            <OperationView doc={doc} method={o.method} path={o.path} op={o.op} locale={locale} />
          ))}
        </section>
      ))}
      {schemas.length > 0 && (
        <section id="schemas">
          <h2>{t(locale, { vi: "Lược đồ dữ liệu", en: "Schemas" })}</h2>
          {schemas.map(([name, s]) => (
            <article class="card" id={`schema-${anchor(name)}`}>
              <h3>
                <code>{name}</code>
              </h3>
              {s.description && <p>{s.description}</p>}
              <SchemaView s={s} />
            </article>
          ))}
        </section>
      )}
    </>
  );
}

/** The API reference page of a document, in the site frame. */
export function apiDocsPage(p: { doc: Doc; locale: Locale; principal: PublicFrame["principal"]; csrfToken: string; path: string }): string {
  return renderPage(
    <Layout title={{ vi: "Tài liệu API", en: "API reference" }} locale={p.locale} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <ApiReference doc={p.doc} locale={p.locale} />
    </Layout>,
  );
}
