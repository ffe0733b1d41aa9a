import { z } from "zod";

/**
 * A page's query parameters, parsed by one schema. Malformed ones are
 * answered 400 with what was wrong, rather than guessed at.
 */
export function parseQuery<T extends z.ZodTypeAny>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Response(`Invalid query parameters (${problems})`, { status: 400 });
}

/** A page number of a list: absent means the first. */
export const PageNumber = z.coerce.number().int().min(1).max(100_000).default(1);
