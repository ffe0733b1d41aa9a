// Judges one email address before we invite or import it: malformed, a throwaway
// domain, a likely typo of a mail provider (with the corrected address), or ok.
// Pure and free of Node-only APIs, so a page can run it in the browser too.
import { run as suggestDomain } from "@zootools/email-spell-checker";
import disposableDomains from "disposable-email-domains";
import disposableWildcards from "disposable-email-domains/wildcard.json";

export type EmailVerdict = {
  verdict: "ok" | "typo" | "invalid" | "disposable";
  /** The whole corrected address, for a typo. */
  suggestion?: string;
  /** A stable code the pages translate: see EmailProblem. */
  reason?: EmailProblem;
};

export type EmailProblem =
  "malformed" | "missing_domain" | "invalid_domain" | "disposable_domain" | "domain_typo";

/**
 * The mail providers a customer's address is compared with. An address at one of
 * them is always "ok", and a near miss of one is a typo. The spell checker's
 * default list knows no French, Swedish or Norwegian provider, so it catches no
 * typo of them; and its default distance "corrects" real domains (key.com into
 * hey.com, acme.is into acme.it, stark.no into start.no once start.no is
 * listed): see providerDistance for the rules used instead.
 */
export const PROVIDER_DOMAINS: readonly string[] = [
  // International
  "gmail.com",
  "googlemail.com",
  "hotmail.com",
  "outlook.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.net",
  "mail.com",
  "email.com",
  "zoho.com",
  "yandex.com",
  "fastmail.com",
  "hotmail.co.uk",
  "yahoo.co.uk",
  // France
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "sfr.fr",
  "neuf.fr",
  "laposte.net",
  "bbox.fr",
  "numericable.fr",
  "aliceadsl.fr",
  "club-internet.fr",
  "cegetel.net",
  "noos.fr",
  "voila.fr",
  "libertysurf.fr",
  "9online.fr",
  "gmx.fr",
  "yahoo.fr",
  "hotmail.fr",
  "live.fr",
  "outlook.fr",
  "aol.fr",
  // Sweden
  "telia.com",
  "bredband.net",
  "spray.se",
  "comhem.se",
  "bahnhof.se",
  "tele2.se",
  "swipnet.se",
  "passagen.se",
  "glocalnet.net",
  "home.se",
  "live.se",
  "hotmail.se",
  "outlook.se",
  "yahoo.se",
  // Norway
  "online.no",
  "start.no",
  "getmail.no",
  "frisurf.no",
  "c2i.net",
  "broadpark.no",
  "lyse.net",
  "altibox.no",
  "live.no",
  "hotmail.no",
  "yahoo.no",
];

/** Providers known under one domain only: gmail.fr is a typo of gmail.com, wherever it is typed from. */
const ONE_DOMAIN_BRANDS = new Set(["gmail", "googlemail", "icloud", "ymail", "rocketmail"]);

/** Providers with a domain in many countries: hotmial.de is a typo of hotmail.de. */
const MANY_COUNTRY_BRANDS = ["hotmail", "outlook", "yahoo"];

/** Top-level domains a fix may land on, when the one typed does not exist. */
const TYPO_TARGET_TLDS = ["com", "net", "org", "info", "fr", "se", "no", "dk", "fi", "de", "co.uk"];

/** Real country codes that are known typos of .com (gmail.co, hotmail.cm, yahoo.om). */
const COM_TYPOS = new Set(["co", "cm", "om"]);

const COUNTRY_TLDS = new Set(
  (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq " +
    "br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm " +
    "do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr " +
    "gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km " +
    "kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp " +
    "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl " +
    "pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st " +
    "su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve " +
    "vg vi vn vu wf ws ye yt za zm zw"
  ).split(" "),
);

/**
 * Real top-level domains of three letters or more: the ones one keystroke away
 * from a TYPO_TARGET_TLDS entry first (cam, bom, coop, nec, new, ong, frl, sex,
 * now, fit, dev, eus), then common ones. Not every one there is; a rare real
 * one missing here may get a typo suggestion, never an "invalid".
 */
const LONG_TLDS = new Set(
  (
    "cam bom coop nec new ong frl sex now fit dev eus " +
    "com net org info edu gov mil int biz name pro aero asia cat jobs mobi museum tel travel " +
    "app art bio blog bzh club cloud design email inc ink live ltd media one online page paris " +
    "shop site store tech top xyz alsace corsica berlin london nrw swiss wien"
  ).split(" "),
);

function isRealTld(tld: string) {
  const last = tld.slice(tld.lastIndexOf(".") + 1);
  return COUNTRY_TLDS.has(last) || LONG_TLDS.has(last) || last.startsWith("xn--");
}

/** Checks one address as it will be stored and sent: trim it first. */
export function checkEmail(email: string): EmailVerdict {
  const at = email.lastIndexOf("@");
  const malformed =
    email.length > 254 ||
    /\s/.test(email) ||
    at < 0 ||
    email.indexOf("@") !== at ||
    !validLocalPart(email.slice(0, at));
  if (malformed) return { verdict: "invalid", reason: "malformed" };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (domain === "") return { verdict: "invalid", reason: "missing_domain" };
  if (!validDomain(domain)) return { verdict: "invalid", reason: "invalid_domain" };

  const judged = judgeDomain(domain);
  if (judged === "ok") return { verdict: "ok" };
  if (judged === "disposable") return { verdict: "disposable", reason: "disposable_domain" };
  return { verdict: "typo", suggestion: `${local}@${judged}`, reason: "domain_typo" };
}

// A file of 100,000 addresses names far fewer domains: each is judged once.
const judgedDomains = new Map<string, string>();

/** "ok", "disposable", or the domain the customer most likely meant. */
function judgeDomain(domain: string): string {
  let judged = judgedDomains.get(domain);
  if (judged === undefined) {
    if (judgedDomains.size >= 10_000) judgedDomains.clear();
    judged = PROVIDERS.has(domain)
      ? "ok"
      : // A near miss of a provider before the throwaway list: that list holds
        // typo-squatted domains such as gmai.com, where the customer meant gmail.com.
        (providerTypo(domain) ??
        (isDisposable(domain) ? "disposable" : (brandTypo(domain) ?? tldTypo(domain) ?? "ok")));
    judgedDomains.set(domain, judged);
  }
  return judged;
}

// The dot-atom of RFC 5322, ASCII only: what Shopify and most mail servers take.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;

function validLocalPart(local: string) {
  return local.length > 0 && local.length <= 64 && LOCAL_PART.test(local);
}

// Letters of any script are allowed in labels: blåbär.se is a real Swedish domain.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

function validDomain(domain: string) {
  const labels = domain.split(".");
  const tld = labels[labels.length - 1]!;
  return (
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    // A top-level domain has letters only (or is punycode), two at least.
    (/^\p{L}{2,}$/u.test(tld) || /^xn--[a-z0-9-]+$/.test(tld))
  );
}

const PROVIDERS = new Set(PROVIDER_DOMAINS);

/**
 * How far a typed domain is from a provider's, or Infinity when it is not a
 * typo of it. A real domain must never be "corrected" into a provider, so:
 * - the edits allowed in the name grow with its length, as one edit away from a
 *   short name is often another real domain (key.com is not hey.com): none for
 *   three letters or fewer, one up to six, two beyond;
 * - a letter replaced by one that is not its neighbour on the keyboard counts
 *   as two edits (stark.no and grange.fr are companies, not start.no and orange.fr);
 * - the top-level domain may differ by one edit more, and only when the one
 *   typed does not exist (sfr.fe, hotmail.con) or is a known .com typo (.co,
 *   .cm, .om): live.nl and yahoo.de are real. Except for a provider with no
 *   other domain: gmail.fr is a typo of gmail.com.
 */
function providerDistance(typed: Parts, provider: Parts) {
  const allowed = provider.name.length <= 3 ? 0 : provider.name.length <= 6 ? 1 : 2;
  const nameEdits = editDistance(typed.name, provider.name, allowed);
  if (nameEdits > allowed) return Infinity;
  if (typed.tld === provider.tld) return nameEdits;
  if (ONE_DOMAIN_BRANDS.has(provider.name) && nameEdits === 0 && !typed.tld.includes(".")) return 1;
  if (isRealTld(typed.tld) && !(provider.tld === "com" && COM_TYPOS.has(typed.tld)))
    return Infinity;
  const tldEdits = editDistance(typed.tld, provider.tld, 1);
  return tldEdits > 1 ? Infinity : nameEdits + tldEdits;
}

type Parts = { name: string; tld: string };

function parts(domain: string): Parts {
  const dot = domain.indexOf(".");
  return { name: domain.slice(0, dot), tld: domain.slice(dot + 1) };
}

const PROVIDER_PARTS = new Map(PROVIDER_DOMAINS.map((domain) => [domain, parts(domain)]));

function providerTypo(domain: string): string | null {
  const typed = parts(domain);
  const found = suggestDomain({
    email: `x@${domain}`,
    domains: PROVIDER_DOMAINS as string[],
    // providerDistance says what is too far: Infinity.
    domainThreshold: 3,
    distanceFunction: (_, provider) => providerDistance(typed, PROVIDER_PARTS.get(provider)!),
    // Empty lists turn the spell checker's name and top-level guesses off here.
    secondLevelDomains: [],
    topLevelDomains: [],
  });
  return found ? found.domain : null;
}

/** hotmial.de → hotmail.de: a provider's name mistyped, its country kept. */
function brandTypo(domain: string): string | null {
  const found = suggestDomain({
    email: `x@${domain}`,
    domains: [],
    secondLevelDomains: MANY_COUNTRY_BRANDS,
    secondLevelThreshold: 1,
    topLevelDomains: [],
    distanceFunction: (a, b) => editDistance(a, b, 1),
  });
  return found ? found.domain : null;
}

/** acme.cmo → acme.com, but only for a top-level domain that does not exist. */
function tldTypo(domain: string): string | null {
  if (isRealTld(domain)) return null;
  const found = suggestDomain({
    email: `x@${domain}`,
    domains: [],
    secondLevelDomains: [],
    topLevelDomains: TYPO_TARGET_TLDS,
    topLevelThreshold: 1,
    distanceFunction: (a, b) => editDistance(a, b, 1),
  });
  // The spell checker works on a URI-encoded address: blåbär.cmo comes back encoded.
  return found ? decodeURI(found.domain) : null;
}

let disposable: { exact: Set<string>; wildcard: Set<string> } | null = null;

/** A listed throwaway domain, or any subdomain of one. */
function isDisposable(domain: string) {
  // Built on first use: the list holds some 120,000 domains.
  disposable ??= { exact: new Set(disposableDomains), wildcard: new Set(disposableWildcards) };
  for (let d = domain; d.includes("."); d = d.slice(d.indexOf(".") + 1))
    if (disposable.exact.has(d) || disposable.wildcard.has(d)) return true;
  return false;
}

// Keys next to each other on QWERTY (English, Swedish, Norwegian) and AZERTY
// (French): each key touches its row neighbours and the two keys above it.
// A table by character code, as the distance below looks it up a lot.
const NEIGHBOURS = new Uint8Array(128 * 128);
for (const rows of [
  ["qwertyuiop", "asdfghjkl", "zxcvbnm"],
  ["azertyuiop", "qsdfghjklm", "wxcvbn"],
]) {
  rows.forEach((row, r) => {
    for (let i = 0; i < row.length; i++)
      for (const other of [row[i + 1], rows[r - 1]?.[i], rows[r - 1]?.[i + 1]])
        if (other) {
          NEIGHBOURS[row.charCodeAt(i) * 128 + other.charCodeAt(0)] = 1;
          NEIGHBOURS[other.charCodeAt(0) * 128 + row.charCodeAt(i)] = 1;
        }
  });
}

function neighbours(x: number, y: number) {
  return x < 128 && y < 128 && NEIGHBOURS[x * 128 + y] === 1;
}

// Three rows of the distance table, reused: it runs some seventy times per new domain.
let rows: Int32Array[] = [0, 1, 2].map(() => new Int32Array(32));

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbouring
 * letters, the commonest typo: gmial). A letter replaced by one that is not
 * its neighbour on the keyboard costs two. Stops early past `max`, returning max + 1.
 */
function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows = [0, 1, 2].map(() => new Int32Array(b.length * 2 + 1));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const x = a.charCodeAt(i - 1);
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const y = b.charCodeAt(j - 1);
      const replace = x === y ? 0 : neighbours(x, y) ? 1 : 2;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + replace);
      if (i > 1 && j > 1 && x === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === y)
        value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
