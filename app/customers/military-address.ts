import { placeNamesIn, withoutPlaceNames } from "./military-places";

/**
 * US military mailing addresses (APO, FPO, DPO), as Shopify's help describes
 * them (seed 002, "US military shipping address requirements") and the postal
 * service assigns them:
 * - the city is APO (Army/Air Post Office), FPO (Fleet) or DPO (Diplomatic), nothing else;
 * - the state is AA (Armed Forces Americas), AE (Europe) or AP (Pacific),
 *   matching the ZIP: 340xx is AA, 090xx–098xx AE, 962xx–966xx AP;
 * - the country is the United States;
 * - a line holds PSC, UNIT or CMR with its number and a BOX number, or for
 *   FPO a ship's name with its hull number;
 * - no line names the city or country of the posting.
 * Pure: the scan, the orders/create check and the page share it. Field
 * names are the Admin API's MailingAddress.
 */
export type MilitaryAddressInput = {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  provinceCode?: string | null;
  countryCodeV2?: string | null;
  zip?: string | null;
};

/** The field a fix changes, as MailingAddressInput names it. */
export type AddressField =
  "address1" | "address2" | "city" | "provinceCode" | "countryCode" | "zip";

export const RULES = [
  "city_not_military",
  "ship_not_fpo",
  "state_not_military",
  "state_zip_mismatch",
  "zip_not_military",
  "country_not_us",
  "unit_missing",
  "box_missing",
  "ship_hull_missing",
  "place_name",
] as const;
export type RuleCode = (typeof RULES)[number];

export type Problem = {
  rule: RuleCode;
  field: AddressField;
  /** English, for logs and tests; the page shows customers.addresses.rules.<rule>. */
  message: string;
  /** The value that repairs the field, when one can be computed. */
  fix?: string;
  /** What was wrong, as written (a place name, the state given). */
  found?: string;
};

export type MilitaryKind = "APO" | "FPO" | "DPO";

export type MilitaryCheck = {
  military: boolean;
  valid: boolean;
  kind: MilitaryKind | null;
  problems: Problem[];
};

const KINDS = new Set<string>(["APO", "FPO", "DPO"]);
const STATES = new Set<string>(["AA", "AE", "AP"]);

// A field from JSON may be anything; only text is read.
const text = (value: unknown) => (typeof value === "string" ? value : "");
// Upper case, no dots ("A.P.O."), single spaces.
const norm = (value: unknown) =>
  text(value).toUpperCase().replace(/\./g, "").replace(/\s+/g, " ").trim();

/** The military state a ZIP belongs to, or null (5 digits, ZIP+4 allowed). */
export function stateForZip(zip: string): "AA" | "AE" | "AP" | null {
  const match = /^(\d{3})\d{2}(?:-?\d{4})?$/.exec(zip.replace(/\s/g, ""));
  if (!match) return null;
  const prefix = Number(match[1]);
  if (prefix === 340) return "AA";
  if (prefix >= 90 && prefix <= 98) return "AE";
  if (prefix >= 962 && prefix <= 966) return "AP";
  return null;
}

/** A ZIP whose leading zero a spreadsheet dropped ("9012" for "09012"), repaired; else null. */
function repairedZip(zip: string): string | null {
  const compact = zip.replace(/\s/g, "");
  if (!/^\d{4}(?:-?\d{4})?$/.test(compact)) return null;
  const repaired = `0${compact}`;
  return stateForZip(repaired) ? repaired : null;
}

const UNIT = /\b(?:PSC|UNIT|CMR)\s*(?:NO\s*)?#?\s*\d+/;
const BOX = /\bBOX\s*(?:NO\s*)?#?\s*\d+/;
const SHIP = /\b(?:USS|USNS|USCGC)\s+[A-Z]/;
// Hull classification symbols with their number: "CVN-76", "(DDG 51)", "T-AKE 1".
const HULL =
  /\b(?:T-)?(?:CVN|CV|DDG|DD|CG|LHD|LHA|LPD|LSD|LCC|LCS|SSBN|SSGN|SSN|FFG|FF|MCM|PC|AS|AH|ESB|ESD|EPF|AOE|AO|AKE|ARS|ATS)\s*-?\s*\d{1,4}\b/;
// A military line on its own: PSC and CMR are military words; UNIT is common
// in civilian addresses ("Unit 5, 12 Smith St") and counts only with a BOX.
const MILITARY_LINE = /\b(?:PSC|CMR)\s*#?\s*\d+|\bUNIT\s*#?\s*\d+.*\bBOX\s*#?\s*\d+/;
// Lines no civilian address has: PSC or CMR with a BOX, a ship with its hull number.
const CERTAIN_LINE = /\b(?:PSC|CMR)\s*#?\s*\d+.*\bBOX\s*#?\s*\d+/;

type Parsed = ReturnType<typeof parse>;

function parse(address: MilitaryAddressInput) {
  const lines = (["address1", "address2"] as const).map((field) => ({
    field,
    raw: text(address[field]),
    norm: norm(address[field]),
  }));
  const city = norm(address.city);
  const cityKind = city.split(/[\s,]+/).find((token) => KINDS.has(token)) ?? null;
  const lineKind =
    lines.map((l) => /\b(APO|FPO|DPO)\b/.exec(l.norm)?.[1]).find((kind) => kind) ?? null;
  const ship = lines.find((l) => SHIP.test(l.norm)) ?? null;
  // PSC (postal service center) and CMR (community mail room) serve APO only.
  const apoLine = lines.some((l) => /\b(?:PSC|CMR)\s*#?\s*\d+/.test(l.norm));
  const zip = text(address.zip).trim();
  return {
    lines,
    city,
    rawCity: text(address.city).trim(),
    cityKind: cityKind as MilitaryKind | null,
    kind: (cityKind ?? lineKind ?? (ship ? "FPO" : apoLine ? "APO" : null)) as MilitaryKind | null,
    state: norm(address.provinceCode),
    country: norm(address.countryCodeV2),
    zip,
    zipState: stateForZip(zip),
    // The state the ZIP points to, once a lost leading zero is put back.
    fixedZipState: stateForZip(repairedZip(zip) ?? zip),
    ship,
    unit: lines.find((l) => UNIT.test(l.norm)) ?? null,
    box: lines.find((l) => BOX.test(l.norm)) ?? null,
    militaryLine: lines.some((l) => MILITARY_LINE.test(l.norm) || SHIP.test(l.norm)),
    certainLine: lines.some(
      (l) => CERTAIN_LINE.test(l.norm) || (SHIP.test(l.norm) && HULL.test(l.norm)),
    ),
  };
}

/**
 * Whether the address is a military one. An ordinary address must never be
 * flagged, so one sign is enough only where it cannot be civilian: the city
 * APO/FPO/DPO, a military state or ZIP on a US address (those ZIPs and
 * states exist nowhere else in the US), or a line only the military writes
 * (PSC or CMR with a BOX, a ship with its hull number). Abroad, "AP" is a state of India and
 * Brazil and 09xxx a German postcode: there two signs are needed.
 */
function isMilitary(p: Parsed) {
  const us = p.country === "US";
  const signs = [STATES.has(p.state), p.zipState !== null, p.militaryLine].filter(Boolean).length;
  if (p.certainLine) return true;
  if (p.cityKind) return us || p.country === "" || signs >= 1;
  if (us && (STATES.has(p.state) || p.zipState !== null)) return true;
  return signs >= 2;
}

function cityProblems(p: Parsed): Problem[] {
  if (KINDS.has(p.city)) {
    // A ship is served by the Fleet Post Office only.
    if (p.ship && !(p.unit && p.box) && p.city !== "FPO")
      return [
        problem("ship_not_fpo", "city", "A ship's address uses FPO as the city.", {
          fix: "FPO",
          found: p.city,
        }),
      ];
    return [];
  }
  return [
    problem("city_not_military", "city", "The city must be APO, FPO or DPO, and nothing else.", {
      fix: p.kind ?? undefined,
      found: p.rawCity || undefined,
    }),
  ];
}

function stateProblems(p: Parsed): Problem[] {
  if (!STATES.has(p.state))
    return [
      problem("state_not_military", "provinceCode", "The state must be AA, AE or AP.", {
        fix: p.fixedZipState ?? undefined,
        found: p.state || undefined,
      }),
    ];
  if (p.zipState && p.zipState !== p.state)
    return [
      problem(
        "state_zip_mismatch",
        "provinceCode",
        `The ZIP code belongs to ${p.zipState}, not ${p.state}.`,
        { fix: p.zipState, found: p.state },
      ),
    ];
  return [];
}

function zipProblems(p: Parsed): Problem[] {
  if (p.zipState) return [];
  return [
    problem(
      "zip_not_military",
      "zip",
      "The ZIP code must be a military one: 340xx (AA), 090xx–098xx (AE) or 962xx–966xx (AP).",
      { fix: repairedZip(p.zip) ?? undefined, found: p.zip || undefined },
    ),
  ];
}

function streetProblems(p: Parsed): Problem[] {
  if (p.unit && p.box) return [];
  // A ship stands in for PSC/UNIT/CMR and BOX (its city must then be FPO: see cityProblems).
  if (p.ship) {
    if (p.lines.some((l) => HULL.test(l.norm))) return [];
    return [
      problem("ship_hull_missing", p.ship.field, "The ship's name needs its hull number.", {
        found: p.ship.raw,
      }),
    ];
  }
  if (p.unit)
    return [
      problem("box_missing", p.unit.field, "The PSC, UNIT or CMR number needs a BOX number.", {
        found: p.unit.raw,
      }),
    ];
  return [
    problem(
      "unit_missing",
      "address1",
      "A line must hold PSC, UNIT or CMR with a BOX number (or, for FPO, a ship with its hull number).",
    ),
  ];
}

function placeProblems(p: Parsed): Problem[] {
  return p.lines.flatMap((line) => {
    const names = placeNamesIn(line.raw);
    if (!names.length) return [];
    const rest = withoutPlaceNames(line.raw);
    return [
      problem(
        "place_name",
        line.field,
        `The line names the place of posting (${names.join(", ")}).`,
        {
          fix: rest || undefined,
          found: names.join(", "),
        },
      ),
    ];
  });
}

function problem(
  rule: RuleCode,
  field: AddressField,
  message: string,
  extra: { fix?: string; found?: string } = {},
): Problem {
  const out: Problem = { rule, field, message };
  if (extra.fix !== undefined) out.fix = extra.fix;
  if (extra.found !== undefined) out.found = extra.found;
  return out;
}

export function checkMilitaryAddress(address: MilitaryAddressInput): MilitaryCheck {
  const p = parse(address ?? {});
  if (!isMilitary(p)) return { military: false, valid: true, kind: null, problems: [] };
  const problems = [
    ...cityProblems(p),
    ...stateProblems(p),
    ...zipProblems(p),
    ...(p.country === "US"
      ? []
      : [
          problem("country_not_us", "countryCode", "The country must be the United States.", {
            fix: "US",
            found: p.country || undefined,
          }),
        ]),
    ...streetProblems(p),
    ...placeProblems(p),
  ];
  return { military: true, valid: problems.length === 0, kind: p.kind, problems };
}

/** The changes the suggested fixes make, by field (only the fields they change). */
export function suggestedChanges(check: MilitaryCheck): Partial<Record<AddressField, string>> {
  const changes: Partial<Record<AddressField, string>> = {};
  for (const p of check.problems) if (p.fix !== undefined) changes[p.field] ??= p.fix;
  return changes;
}
