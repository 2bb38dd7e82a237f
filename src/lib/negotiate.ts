/**
 * Whether a client asked for JSON rather than a page on a URL that serves both (/c/{id}, /s/{code}): any JSON
 * media type (application/json, application/…+json) named without text/html. Browsers name text/html.
 */
export function wantsJson(accept: string | undefined): boolean {
  const a = accept ?? "";
  return /application\/(json|[\w.+-]*\+json)/.test(a) && !/text\/html/.test(a);
}
