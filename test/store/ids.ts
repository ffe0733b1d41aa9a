import { GraphQLError } from "graphql";

/** Shopify global ids: gid://shopify/<Type>/<number>[?query]. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

export function parseGid(value: string): ParsedGid | null {
  const match = GID.exec(value);
  if (!match) return null;
  return { type: match[1]!, id: Number(match[2]) };
}

/**
 * Reads an ID argument the way Shopify does: a malformed global id is a
 * top-level coercion error, while a well-formed id of another type simply
 * finds nothing (null).
 */
export function idArg(value: unknown, expectedType: string): number | null {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) {
    throw new GraphQLError(`Invalid global id '${String(value)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  }
  return parsed.type === expectedType ? parsed.id : null;
}

/** Like idArg but for several accepted types (tagsAdd takes any taggable id). */
export function anyIdArg(value: unknown): ParsedGid {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) {
    throw new GraphQLError(`Invalid global id '${String(value)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  }
  return parsed;
}

/**
 * Relay cursors shaped like Shopify's: base64 of {"last_id":N,"last_value":"..."}.
 * Opaque to clients. We add "p", the ordinal of the item in the result, to
 * enforce the pagination cap without recounting.
 */
export interface Cursor {
  id: number;
  position: number | null;
}

export function encodeCursor(id: number, value: string | number, position: number): string {
  return Buffer.from(
    JSON.stringify({ last_id: id, last_value: String(value), p: position }),
  ).toString("base64");
}

export function decodeCursor(cursor: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (parsed && typeof parsed === "object" && "last_id" in parsed) {
      const { last_id, p } = parsed as { last_id: unknown; p?: unknown };
      const id = Number(last_id);
      if (!Number.isFinite(id)) return null;
      return { id, position: typeof p === "number" ? p : null };
    }
  } catch {
    // fall through: an undecodable cursor is reported by the caller
  }
  return null;
}
