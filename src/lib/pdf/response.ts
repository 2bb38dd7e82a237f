import { Readable } from "node:stream";

/** A pdfkit document (a Node readable) as a streamed response body: nothing is buffered whole. */
export function pdfResponse(doc: PDFKit.PDFDocument, filename: string, cacheControl = "private, no-store"): Response {
  const body = Readable.toWeb(doc as unknown as Readable) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="${filename}"`, "cache-control": cacheControl } });
}
