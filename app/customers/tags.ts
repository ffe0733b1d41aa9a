// Tags as the merchant types them, checked as Shopify keeps them: trimmed,
// compared without case, at most 255 characters, no comma, each once.

export const MAX_TAG_LENGTH = 255;
// Shopify refuses an input list longer than this ("The input array size of N
// is greater than the maximum allowed of 250").
export const MAX_TAGS = 250;

export type TagProblem = { tag: string; problem: "empty" | "too_long" | "comma" };

export type TagInput = {
  /** The tags to use, in the first spelling given. */
  tags: string[];
  problems: TagProblem[];
  /** Given more than once, differing only by case: counted once. */
  repeated: string[];
  /** Differing from a tag the store has only by case: Shopify keeps the store's spelling. */
  caseDiffers: { tag: string; existing: string }[];
  tooMany: boolean;
};

export function checkTags(input: string[], storeTags: string[] = []): TagInput {
  const problems: TagProblem[] = [];
  const seen = new Map<string, string>();
  const repeated = new Set<string>();
  for (const raw of input) {
    const tag = raw.trim();
    if (!tag) problems.push({ tag: raw, problem: "empty" });
    else if (tag.includes(",")) problems.push({ tag, problem: "comma" });
    else if (tag.length > MAX_TAG_LENGTH) problems.push({ tag, problem: "too_long" });
    else if (seen.has(tag.toLowerCase())) repeated.add(tag.toLowerCase());
    else seen.set(tag.toLowerCase(), tag);
  }
  const known = new Map(storeTags.map((t) => [t.toLowerCase(), t]));
  const tags = [...seen.values()];
  const caseDiffers = tags.flatMap((tag) => {
    const existing = known.get(tag.toLowerCase());
    return existing && existing !== tag ? [{ tag, existing }] : [];
  });
  return {
    tags,
    problems,
    repeated: [...repeated].map((t) => seen.get(t)!),
    caseDiffers,
    tooMany: tags.length > MAX_TAGS,
  };
}

/** The words of a comma-separated field ("vip, Spring sale") as a list. */
export const splitTags = (text: string) => text.split(",").filter((t) => t.trim() !== "");

/** Which of `tags` a customer with `current` tags lacks (add) or has, in the customer's spelling (remove). */
export function tagChange(op: "add" | "remove", tags: string[], current: string[]): string[] {
  const have = new Map(current.map((t) => [t.toLowerCase(), t]));
  return op === "add"
    ? tags.filter((t) => !have.has(t.toLowerCase()))
    : tags.flatMap((t) => {
        const found = have.get(t.toLowerCase());
        return found ? [found] : [];
      });
}
