import { describe, expect, it } from "vitest";
import { checkTags, MAX_TAGS, splitTags, tagChange } from "./tags";

describe("checkTags", () => {
  it("trims, keeps the first spelling of tags differing only by case, and says so", () => {
    const checked = checkTags([" VIP ", "vip", "Spring sale"]);
    expect(checked.tags).toEqual(["VIP", "Spring sale"]);
    expect(checked.repeated).toEqual(["VIP"]);
    expect(checked.problems).toEqual([]);
  });

  it("refuses empty, comma-bearing and overlong tags with the reason", () => {
    const long = "x".repeat(256);
    const checked = checkTags(["", "a,b", long, "x".repeat(255)]);
    expect(checked.problems.map((p) => p.problem)).toEqual(["empty", "comma", "too_long"]);
    expect(checked.tags).toEqual(["x".repeat(255)]);
  });

  it("warns when a tag differs from one the store has only by case", () => {
    expect(checkTags(["vip", "new"], ["VIP", "wholesale"]).caseDiffers).toEqual([
      { tag: "vip", existing: "VIP" },
    ]);
  });

  it("flags a list longer than Shopify takes at once (300 tags)", () => {
    const many = Array.from({ length: 300 }, (_, i) => `tag-${i}`);
    expect(checkTags(many).tooMany).toBe(true);
    expect(checkTags(many.slice(0, MAX_TAGS)).tooMany).toBe(false);
  });

  it("splits a comma-separated field", () => {
    expect(splitTags("vip, Spring sale,, ")).toEqual(["vip", " Spring sale"]);
  });
});

describe("tagChange", () => {
  it("adds only what the customer lacks, without case", () => {
    expect(tagChange("add", ["VIP", "new"], ["vip", "old"])).toEqual(["new"]);
  });
  it("removes what the customer has, in the customer's spelling", () => {
    expect(tagChange("remove", ["VIP", "gone"], ["vip", "old"])).toEqual(["vip"]);
  });
});
