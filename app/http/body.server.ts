import { bodyLimitFor } from "./body-limits.mjs";

/** A body larger than its route allows: answered 413, and nothing past the limit is read. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KB`);
    this.name = "BodyTooLargeError";
  }
}

function limitOf(request: Request, limit?: number) {
  return limit ?? bodyLimitFor(new URL(request.url).pathname);
}

/**
 * The request's body as a stream that errors (BodyTooLargeError) as soon as
 * more than `limit` bytes have come: a declared Content-Length over the limit
 * is refused before anything is read.
 */
export function cappedBody(request: Request, limit = limitOf(request)): ReadableStream<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  if (declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return new ReadableStream({ start: (c) => c.close() });
  let seen = 0;
  return request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new BodyTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** The whole body as bytes, at most `limit` of them. */
export async function readBytes(request: Request, limit?: number): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(cappedBody(request, limitOf(request, limit))).arrayBuffer(),
  );
}

/** The whole body as text, at most `limit` bytes (UTF-8). */
export async function readText(request: Request, limit?: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(request, limit));
}

/**
 * A form post's fields, at most `limit` bytes: what every page action reads.
 * Too large (413) or unreadable (400), it throws the answer, as Remix expects.
 */
export async function readForm(request: Request, limit?: number): Promise<FormData> {
  try {
    const body = cappedBody(request, limitOf(request, limit));
    const headers = new Headers(request.headers);
    headers.delete("Content-Length");
    return await new Response(body, { headers }).formData();
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge(error);
    throw new Response("The form could not be read", { status: 400 });
  }
}

/** Turns a BodyTooLargeError into the 413 answer; anything else goes on. */
export function tooLarge(error: unknown): Response {
  if (error instanceof BodyTooLargeError)
    return new Response(error.message, { status: 413, headers: { Connection: "close" } });
  throw error;
}
