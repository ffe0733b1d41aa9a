// Scores customer accounts on how likely they are spam or fake, with the
// reason behind every point. Pure rules, free of Node-only APIs: the finder
// (spam.server.ts) applies them page by page, then adds what needs the other
// customers too (bursts of sign-ups, a pattern repeated across accounts).
import { checkEmail, PROVIDER_DOMAINS } from "./email-check";

/** Why a customer is suspected, in the order the page lists them. */
export const SPAM_REASONS = [
  "link_in_name",
  "random_name",
  "repeated_pattern",
  "burst",
  "disposable_email",
  "malformed_email",
  "same_name",
  "email_typo",
  "no_orders",
  "unverified_email",
] as const;
export type SpamReason = (typeof SPAM_REASONS)[number];

/**
 * Points per reason; a customer's score is their sum, at most 100. No reason
 * alone but a link in the name reaches SPAM_THRESHOLD. What many real
 * customers have (no order yet, an email never verified) adds little, and
 * with it one more sign (a sign-up during a sale's rush, an unusual name, a
 * throwaway address) stays under the threshold; a second sign, or a bot's
 * template repeated within the hour, reaches it.
 */
export const SPAM_WEIGHTS: Readonly<Record<SpamReason, number>> = {
  // Spam sign-ups put a link where the name goes: Shopify's welcome email then carries it.
  link_in_name: 60,
  random_name: 25,
  repeated_pattern: 30,
  burst: 25,
  disposable_email: 25,
  malformed_email: 25,
  same_name: 10,
  email_typo: 5,
  no_orders: 10,
  unverified_email: 10,
};

/** The score from which a customer is listed for review (the page and the benchmark use it). */
export const SPAM_THRESHOLD = 50;

/** What the rules read of one customer; any field may be missing (redacted, not approved). */
export type CustomerFacts = {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  verifiedEmail: boolean | null;
  numberOfOrders: number | null;
};

/** The reasons one customer's own profile gives, without looking at anyone else. */
export function profileReasons(c: CustomerFacts): SpamReason[] {
  const reasons = new Set<SpamReason>();
  const names = [c.firstName, c.lastName].filter((n): n is string => !!n?.trim());
  if (names.some(hasLink)) reasons.add("link_in_name");
  else if (names.some(looksRandom)) reasons.add("random_name");
  if (sameName(c.firstName, c.lastName)) reasons.add("same_name");
  const email = c.email?.trim();
  if (email) {
    const { verdict } = checkEmail(email);
    if (verdict === "disposable") reasons.add("disposable_email");
    else if (verdict === "invalid") reasons.add("malformed_email");
    else if (verdict === "typo") reasons.add("email_typo");
    if (c.verifiedEmail === false) reasons.add("unverified_email");
  }
  if (c.numberOfOrders === 0) reasons.add("no_orders");
  return SPAM_REASONS.filter((r) => reasons.has(r));
}

/** The score of a set of reasons: the sum of their points, at most 100. */
export function spamScore(reasons: readonly SpamReason[]): number {
  return Math.min(
    100,
    reasons.reduce((sum, r) => sum + SPAM_WEIGHTS[r], 0),
  );
}

// A link or an address where a name goes: a scheme, www., a link shortener,
// an email address, or a word followed by a common top-level domain with no
// space ("win-prize.top", "cheap.ru"). "St.John" or "J.R." are no links.
const LINK =
  /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b(?:t\.me|wa\.me|bit\.ly|goo\.gl|tinyurl\.com)\b|[a-z0-9._%+-]@[a-z0-9-]+\.[a-z]{2,}|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ru|cn|xyz|top|site|online|club|shop|store|io|co|me|ly|tk|ml|ga|cf|gq|pw|cc|su|ua|link|click|win|bid|loan|vip|live|app|icu|buzz|fun|space|website|pro|in|us|uk)\b)/i;

export function hasLink(name: string): boolean {
  return LINK.test(name);
}

/** First and last name the same word (bots fill both fields with one value): "Qwzk Qwzk". */
export function sameName(first: string | null, last: string | null): boolean {
  const a = first?.trim().toLowerCase();
  const b = last?.trim().toLowerCase();
  return !!a && a.length >= 2 && a === b;
}

// Letters outside a-z that names in our markets use, folded to what they sound like.
const FOLD: Record<string, string> = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ł: "l",
  đ: "d",
  þ: "th",
  ð: "d",
  ı: "i",
};

/**
 * Pairs of consonants common inside names: each is in at least 20 of the
 * 19,700 Latin-script names of faker's lists for 48 languages other than the
 * simulator's own four (French, Swedish, Norwegian, English: its genuine
 * customers' names come from those lists, so they were left out to keep the
 * rule from learning them), plus "gk" (the Swedish -kvist names). Any other
 * pair of different consonants counts as unusual.
 */
const COMMON_PAIRS = new Set(
  (
    "bk bl br bs ch cj ck cl cr cs cz dk dl dm dn dr ds dt dv dz fl fr gd gh gk gl gm gn gr gs " +
    "hl hm hn hr ht hw jc jd jk jn js jt kh kl km kn kr ks kt lb lc ld lf lg lh lj lk lm ln lp " +
    "ls lt lv lz mb mk ml mp mr ms nb nc nd ng nh nj nk nl nr ns nt nz ph pk pl pr pt rb rc rd " +
    "rg rh rj rk rl rm rn rp rs rt rv rw rz sb sc sh sk sl sm sn sp sr st sv sz th tk tl tm tn " +
    "tr ts tz vk vl vr vs ws zb zc zd zk zl zm zn"
  ).split(" "),
);

const VOWELS = new Set("aeiouy");

/** Letters only, without accents; Swedish qv as kv and a Mc/Mac prefix left out. */
function foldWord(raw: string) {
  let word = "";
  for (const ch of raw.toLowerCase().normalize("NFD")) {
    if (/\p{M}/u.test(ch)) continue;
    word += FOLD[ch] ?? ch;
  }
  return word.replace(/qv/g, "kv").replace(/^ma?c(?=[^aeiouy])/, "");
}

/**
 * One word of a name, judged: true for letters drawn at random, null when it
 * cannot be judged (another script, fewer than five letters).
 */
function wordLooksRandom(raw: string): boolean | null {
  if (/\d/.test(raw)) return true; // digits have no place in a name
  // Case flips inside a word ("gSDFkjsdfH", "YbqLzXkPw"); one is a name ("McKay", "DeShawn").
  if ((raw.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0) >= 2) return true;
  const word = foldWord(raw);
  if (!/^[a-z]+$/.test(word) || word.length < 5) return null;
  let vowels = 0;
  let run = 0;
  let longestRun = 0;
  let unusual = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (VOWELS.has(ch)) {
      vowels++;
      run = 0;
      continue;
    }
    longestRun = Math.max(longestRun, ++run);
    const before = word[i - 1];
    if (before && !VOWELS.has(before) && before !== ch && !COMMON_PAIRS.has(before + ch)) unusual++;
  }
  if (vowels === 0) return true;
  // One point per sign; three make a random word. Checked on faker's name
  // lists: 2 of some 5,000 French, Swedish, Norwegian and English names
  // (Cartwright, Runolfsdottir), and about 80 % of words like the simulator's spam.
  const points =
    unusual +
    (longestRun >= 4 ? 1 : 0) +
    (vowels / word.length < 0.2 ? 1 : 0) +
    (/q(?![aeiouy])/.test(word) ? 1 : 0);
  return points >= 3;
}

/**
 * A name that is no name: letters drawn at random ("xkqzvbt", "gSDFkjsdfH"),
 * digits in it. Names in other scripts and short ones are not judged. Built so
 * real names with many consonants pass: Szczepański, Mkrtchyan, Llwyd,
 * Brzęczyszczykiewicz, Nguyễn, Kjærstad.
 */
export function looksRandom(name: string): boolean {
  return name
    .split(/[\s\-'’.,]+/)
    .filter(Boolean)
    .some((word) => wordLooksRandom(word) === true);
}

/**
 * The shape of an account, for "the same pattern repeated across accounts":
 * how each name field is written (capitalised, lower case, capitals, a link;
 * the same word twice), the email's local part with letters and digits reduced to
 * their kind ("emma.berg1987" → "a.a9999", "xk29" → "a99") and the domain,
 * where the big mail providers count as one ("provider") and so do throwaway
 * domains ("disposable"): a bot filling a sign-up form from a template makes
 * accounts of one shape, whichever provider it rotates through.
 */
export function accountShape(c: Pick<CustomerFacts, "firstName" | "lastName" | "email">): string {
  const name = [c.firstName, c.lastName].map((n) => (n?.trim() ? nameShape(n.trim()) : "-"));
  const same = sameName(c.firstName, c.lastName) ? "=" : "";
  const email = c.email?.trim().toLowerCase() ?? "";
  const at = email.lastIndexOf("@");
  const local = at > 0 ? localShape(email.slice(0, at)) : "-";
  const domain = at > 0 ? domainClass(email) : "-";
  return `${name.join(" ")}${same}|${local}@${domain}`;
}

const PROVIDERS = new Set(PROVIDER_DOMAINS);

function domainClass(email: string) {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (PROVIDERS.has(domain)) return "provider";
  return checkEmail(email).verdict === "disposable" ? "disposable" : domain;
}

/**
 * How one name field is written, whatever its number of words ("Da silva",
 * "Ann-Marie" and "Berg" are all "Aa"): a link, digits, capitalised, lower
 * case, capitals, or another script or mix ("x").
 */
function nameShape(name: string) {
  if (hasLink(name)) return "link";
  if (/\d/.test(name)) return "9";
  if (!/\p{L}/u.test(name) || /[^\p{Script=Latin}\p{M}\s'’.-]/u.test(name)) return "x";
  if (!/\p{Ll}/u.test(name)) return "A";
  if (!/\p{Lu}/u.test(name)) return "a";
  return /^\p{Lu}/u.test(name) ? "Aa" : "x";
}

function localShape(local: string) {
  return local
    .replace(/\p{L}+/gu, "a")
    .replace(/\d+/g, (digits) => "9".repeat(Math.min(digits.length, 4)));
}

/** Sign-ups are counted in windows of 10 minutes (bursts) and of an hour (patterns). */
export const BURST_WINDOW_S = 600;
export const PATTERN_WINDOW_S = 3600;

/**
 * The two windows a sign-up falls in: one grid, and one shifted by half a
 * window, so a burst that straddles a boundary is still seen whole in one.
 */
export function windowsOf(signedUpAtS: number, sizeS: number): [number, number] {
  return [Math.floor(signedUpAtS / sizeS), Math.floor((signedUpAtS + sizeS / 2) / sizeS)];
}

/**
 * How many sign-ups in one window make a burst, from the store's own pace:
 * far above what its average rate gives (mean + 5 standard deviations of a
 * Poisson count, plus 3), and never fewer than 8. A store with 100,000
 * customers over three years averages 0.6 sign-ups in 10 minutes: 8 in one
 * window is a burst; a store that gets 30 an hour needs 25.
 */
export function burstThreshold(customers: number, spanS: number, windowS = BURST_WINDOW_S) {
  const mean = customers * (windowS / Math.max(spanS, windowS));
  return Math.max(8, Math.ceil(mean + 5 * Math.sqrt(mean) + 3));
}

/** The sign-ups a window's shapes are compared with: 15 days either side of it. */
export const SURROUNDINGS_S = 15 * 86_400;

/**
 * A shape repeated in one window of sign-ups: at least 5 accounts of the
 * same shape, three times as many as the shape's usual share predicts and
 * more than chance gives. Real customers signing up together (a sale, a post)
 * have the store's usual mix of shapes; a bot's template gives one shape.
 * The usual share is the higher of the shape's share of the rest of the store
 * and its share of the sign-ups around the window (the window itself left out
 * of both): shapes drift over the years, as more addresses need digits once
 * the plain ones are taken.
 */
export function patternRepeated(figures: {
  /** Accounts of this shape in the window. */
  inWindow: number;
  /** Accounts of any shape in the window. */
  windowTotal: number;
  /** Accounts of this shape in the store, and the store's customers. */
  shapeTotal: number;
  customers: number;
  /** The sign-ups around the window, without it: of this shape, and of any (from 20 on). */
  around?: { inShape: number; total: number };
}): boolean {
  const { inWindow, windowTotal, shapeTotal, customers, around } = figures;
  if (inWindow < 5 || customers <= 0) return false;
  // The shape's share among the other sign-ups: the window's own would hide a
  // bot that is most of a small store.
  const others = customers - windowTotal;
  let share = others > 0 ? Math.max(0, shapeTotal - inWindow) / others : 0;
  if (around && around.total >= 20) share = Math.max(share, around.inShape / around.total);
  // Three times the expected count, and far out of chance's reach for small
  // counts (mean + 4 standard deviations + 3, as for bursts).
  const expected = windowTotal * share;
  return inWindow >= Math.max(3 * expected, expected + 4 * Math.sqrt(expected) + 3);
}
