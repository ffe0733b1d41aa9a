import { describe, expect, it } from "vitest";
import {
  checkMilitaryAddress,
  RULES,
  stateForZip,
  suggestedChanges,
  type MilitaryAddressInput,
  type RuleCode,
} from "./military-address";

const US = { countryCodeV2: "US" };

// Valid military addresses: each is military and breaks no rule.
const VALID: [string, MilitaryAddressInput][] = [
  [
    "APO with PSC and BOX (AE)",
    { address1: "PSC 1234, Box 5678", city: "APO", provinceCode: "AE", zip: "09012", ...US },
  ],
  [
    "APO with UNIT and BOX (AP)",
    { address1: "UNIT 2050 BOX 4190", city: "APO", provinceCode: "AP", zip: "96278", ...US },
  ],
  [
    "FPO ship with hull number",
    {
      address1: "USS Ronald Reagan (CVN-76)",
      city: "FPO",
      provinceCode: "AP",
      zip: "96616",
      ...US,
    },
  ],
  [
    "APO with CMR (AE)",
    { address1: "CMR 480 Box 123", city: "APO", provinceCode: "AE", zip: "09128", ...US },
  ],
  [
    "DPO with UNIT (AE)",
    { address1: "Unit 8400 Box 0000", city: "DPO", provinceCode: "AE", zip: "09498", ...US },
  ],
  [
    "AA with 340xx",
    { address1: "PSC 20 Box 1234", city: "APO", provinceCode: "AA", zip: "34020", ...US },
  ],
  [
    "lower case and odd spacing",
    {
      address1: "  psc   1234 ,  box  5678 ",
      city: " apo ",
      provinceCode: "ae",
      zip: " 09012 ",
      ...US,
    },
  ],
  [
    "dotted A.P.O.",
    { address1: "PSC 1234 Box 5678", city: "A.P.O.", provinceCode: "AE", zip: "09012", ...US },
  ],
  [
    "ZIP+4 with a dash",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: "AE", zip: "09012-1234", ...US },
  ],
  [
    "ZIP+4 without a dash",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: "AE", zip: "090121234", ...US },
  ],
  [
    "markers in address2 (rank and name in address1)",
    {
      address1: "SGT Jane Doe",
      address2: "PSC 1234 Box 5678",
      city: "APO",
      provinceCode: "AE",
      zip: "09012",
      ...US,
    },
  ],
  [
    "UNIT in address1, BOX in address2",
    {
      address1: "Unit 2050",
      address2: "Box 4190",
      city: "APO",
      provinceCode: "AP",
      zip: "96278",
      ...US,
    },
  ],
  [
    "ship with hull number in address2",
    {
      address1: "USNS Mercy",
      address2: "(T-AH 19)",
      city: "FPO",
      provinceCode: "AP",
      zip: "96601",
      ...US,
    },
  ],
  [
    "hull number without a dash",
    { address1: "USS Arleigh Burke DDG 51", city: "FPO", provinceCode: "AE", zip: "09570", ...US },
  ],
];

// Ordinary addresses: never flagged, whatever they happen to share with military ones.
const ORDINARY: [string, MilitaryAddressInput][] = [
  [
    "a US street address",
    { address1: "123 Main Street", city: "Springfield", provinceCode: "IL", zip: "62701", ...US },
  ],
  [
    "a French address",
    {
      address1: "12 rue de la Paix",
      city: "Paris",
      provinceCode: null,
      zip: "75002",
      countryCodeV2: "FR",
    },
  ],
  [
    "Chemnitz (German 09xxx postcode)",
    {
      address1: "Straße der Nationen 12",
      city: "Chemnitz",
      provinceCode: null,
      zip: "09111",
      countryCodeV2: "DE",
    },
  ],
  [
    "Andhra Pradesh (state AP in India)",
    {
      address1: "12 Beach Road",
      city: "Visakhapatnam",
      provinceCode: "AP",
      zip: "530002",
      countryCodeV2: "IN",
    },
  ],
  [
    "Amapá (state AP in Brazil)",
    {
      address1: "Rua Cândido Mendes 100",
      city: "Macapá",
      provinceCode: "AP",
      zip: "68900-000",
      countryCodeV2: "BR",
    },
  ],
  [
    "an Australian unit",
    {
      address1: "Unit 5, 12 Smith St",
      city: "Sydney",
      provinceCode: "NSW",
      zip: "2000",
      countryCodeV2: "AU",
    },
  ],
  [
    "a US unit with a PO box",
    {
      address1: "Unit 5",
      address2: "PO Box 12",
      city: "Austin",
      provinceCode: "TX",
      zip: "78701",
      ...US,
    },
  ],
  [
    "a town called Apo abroad",
    { address1: "Purok 3", city: "Apo", provinceCode: "DVO", zip: "8000", countryCodeV2: "PH" },
  ],
  [
    "a Norwegian address",
    { address1: "Storgata 5", city: "Oslo", zip: "0155", countryCodeV2: "NO" },
  ],
  [
    "a redacted address (all null)",
    {
      address1: null,
      address2: null,
      city: null,
      provinceCode: null,
      countryCodeV2: null,
      zip: null,
    },
  ],
  [
    "a museum ship's street address",
    {
      address1: "USS Constitution Museum, Building 22",
      city: "Boston",
      provinceCode: "MA",
      zip: "02129",
      ...US,
    },
  ],
  [
    "a civilian living in Ramstein",
    {
      address1: "Landstuhler Straße 5",
      city: "Ramstein-Miesenbach",
      zip: "66877",
      countryCodeV2: "DE",
    },
  ],
  ["an empty object", {}],
];

// Invalid military addresses: each breaks the rules listed, with the fix where one can be computed.
type Broken = { rule: RuleCode; field: string; fix?: string; found?: string };
const INVALID: [string, MilitaryAddressInput, Broken[]][] = [
  [
    "city is the posting's town",
    { address1: "PSC 1234, Box 5678", city: "Ramstein", provinceCode: "AE", zip: "09012", ...US },
    [{ rule: "city_not_military", field: "city", fix: "APO", found: "Ramstein" }],
  ],
  [
    "city holds APO with the state and ZIP",
    {
      address1: "PSC 1234 Box 5678",
      city: "APO AE 09012",
      provinceCode: "AE",
      zip: "09012",
      ...US,
    },
    [{ rule: "city_not_military", field: "city", fix: "APO", found: "APO AE 09012" }],
  ],
  [
    "city New York (seed: rule city)",
    { address1: "PSC 1234, Box 5678", city: "New York", provinceCode: "AE", zip: "09012", ...US },
    [{ rule: "city_not_military", field: "city", fix: "APO", found: "New York" }],
  ],
  [
    "city empty, APO written in address2",
    {
      address1: "PSC 1234 Box 5678",
      address2: "APO AE 09012",
      city: "",
      provinceCode: "AE",
      zip: "09012",
      ...US,
    },
    [{ rule: "city_not_military", field: "city", fix: "APO" }],
  ],
  [
    "a ship with APO as the city",
    { address1: "USS Nimitz (CVN-68)", city: "APO", provinceCode: "AP", zip: "96620", ...US },
    [{ rule: "ship_not_fpo", field: "city", fix: "FPO", found: "APO" }],
  ],
  [
    "state California with an AP ZIP (seed: rule state)",
    { address1: "UNIT 2050 BOX 4190", city: "APO", provinceCode: "CA", zip: "96278", ...US },
    [{ rule: "state_not_military", field: "provinceCode", fix: "AP", found: "CA" }],
  ],
  [
    "state missing",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: null, zip: "09012", ...US },
    [{ rule: "state_not_military", field: "provinceCode", fix: "AE" }],
  ],
  [
    "state AE with a Pacific ZIP",
    { address1: "UNIT 2050 BOX 4190", city: "APO", provinceCode: "AE", zip: "96278", ...US },
    [{ rule: "state_zip_mismatch", field: "provinceCode", fix: "AP", found: "AE" }],
  ],
  [
    "state AP with an Americas ZIP (ZIP+4)",
    { address1: "PSC 20 Box 1234", city: "APO", provinceCode: "ap", zip: "34020-0001", ...US },
    [{ rule: "state_zip_mismatch", field: "provinceCode", fix: "AA", found: "AP" }],
  ],
  [
    "ZIP that lost its leading zero",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: "AE", zip: "9012", ...US },
    [{ rule: "zip_not_military", field: "zip", fix: "09012", found: "9012" }],
  ],
  [
    "civilian ZIP",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: "AE", zip: "10001", ...US },
    [{ rule: "zip_not_military", field: "zip", found: "10001" }],
  ],
  [
    "ZIP missing",
    { address1: "PSC 1234 Box 5678", city: "APO", provinceCode: "AE", zip: null, ...US },
    [{ rule: "zip_not_military", field: "zip" }],
  ],
  [
    "country Germany (seed: rule country)",
    {
      address1: "CMR 480 Box 123",
      city: "APO",
      provinceCode: "AE",
      zip: "09128",
      countryCodeV2: "DE",
    },
    [{ rule: "country_not_us", field: "countryCode", fix: "US", found: "DE" }],
  ],
  [
    "country missing",
    {
      address1: "CMR 480 Box 123",
      city: "APO",
      provinceCode: "AE",
      zip: "09128",
      countryCodeV2: null,
    },
    [{ rule: "country_not_us", field: "countryCode", fix: "US" }],
  ],
  [
    "a street address under FPO (seed: rule street)",
    { address1: "123 Main Street", city: "FPO", provinceCode: "AP", zip: "96616", ...US },
    [{ rule: "unit_missing", field: "address1" }],
  ],
  [
    "PSC without BOX (seed: rule street)",
    { address1: "PSC 1234", city: "APO", provinceCode: "AE", zip: "09012", ...US },
    [{ rule: "box_missing", field: "address1", found: "PSC 1234" }],
  ],
  [
    "UNIT without BOX, in address2",
    {
      address1: "SPC John Roe",
      address2: "Unit 2050",
      city: "APO",
      provinceCode: "AP",
      zip: "96278",
      ...US,
    },
    [{ rule: "box_missing", field: "address2", found: "Unit 2050" }],
  ],
  [
    "a ship without its hull number",
    { address1: "USS Ronald Reagan", city: "FPO", provinceCode: "AP", zip: "96616", ...US },
    [{ rule: "ship_hull_missing", field: "address1", found: "USS Ronald Reagan" }],
  ],
  [
    "the posting's town and country in address1",
    {
      address1: "PSC 1234 Box 5678, Ramstein, Germany",
      city: "APO",
      provinceCode: "AE",
      zip: "09012",
      ...US,
    },
    [
      {
        rule: "place_name",
        field: "address1",
        fix: "PSC 1234 Box 5678",
        found: "Ramstein, Germany",
      },
    ],
  ],
  [
    "the posting's country in address2",
    {
      address1: "Unit 45013 Box 2666",
      address2: "Okinawa - JAPAN",
      city: "FPO",
      provinceCode: "AP",
      zip: "96376",
      ...US,
    },
    [{ rule: "place_name", field: "address2", found: "Okinawa, JAPAN" }],
  ],
  [
    "Camp Humphreys in the line (two words)",
    {
      address1: "Unit 15243 Box 2201 Camp  Humphreys",
      city: "APO",
      provinceCode: "AP",
      zip: "96271",
      ...US,
    },
    [
      {
        rule: "place_name",
        field: "address1",
        fix: "Unit 15243 Box 2201",
        found: "Camp  Humphreys",
      },
    ],
  ],
  [
    "a non-US address that is military by two signs (AE and an AE ZIP)",
    {
      address1: "PSC 1234 Box 5678",
      city: "Kaiserslautern",
      provinceCode: "AE",
      zip: "09012",
      countryCodeV2: "DE",
    },
    [
      { rule: "city_not_military", field: "city", fix: "APO", found: "Kaiserslautern" },
      { rule: "country_not_us", field: "countryCode", fix: "US", found: "DE" },
    ],
  ],
  [
    "everything wrong at once",
    {
      address1: "Hauptstraße 5, Stuttgart",
      city: "Stuttgart",
      provinceCode: "AE",
      zip: "09107",
      countryCodeV2: "DE",
    },
    [
      { rule: "city_not_military", field: "city", found: "Stuttgart" },
      { rule: "country_not_us", field: "countryCode", fix: "US", found: "DE" },
      { rule: "unit_missing", field: "address1" },
      { rule: "place_name", field: "address1", fix: "Hauptstraße 5", found: "Stuttgart" },
    ],
  ],
];

describe("checkMilitaryAddress", () => {
  it.each(VALID)("valid: %s", (_name, address) => {
    expect(checkMilitaryAddress(address)).toMatchObject({
      military: true,
      valid: true,
      problems: [],
    });
  });

  it.each(ORDINARY)("ordinary, never flagged: %s", (_name, address) => {
    expect(checkMilitaryAddress(address)).toEqual({
      military: false,
      valid: true,
      kind: null,
      problems: [],
    });
  });

  it.each(INVALID)("invalid: %s", (_name, address, broken) => {
    const check = checkMilitaryAddress(address);
    expect(check.military).toBe(true);
    expect(check.valid).toBe(false);
    expect(
      check.problems.map(({ rule, field, fix, found }) => ({ rule, field, fix, found })),
    ).toEqual(broken.map((b) => ({ fix: undefined, found: undefined, ...b })));
    for (const p of check.problems) expect(p.message).toMatch(/\w/);
  });

  it("every rule has an invalid example above", () => {
    const covered = new Set(INVALID.flatMap(([, , broken]) => broken.map((b) => b.rule)));
    expect([...RULES].filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it("a malformed address (numbers, objects where text belongs) is read as text or nothing, never thrown", () => {
    const malformed = {
      address1: 42,
      address2: { line: "PSC 1" },
      city: ["APO"],
      provinceCode: true,
      countryCodeV2: 1e20,
      zip: 9012,
    } as unknown as MilitaryAddressInput;
    expect(checkMilitaryAddress(malformed)).toMatchObject({ military: false, problems: [] });
    expect(checkMilitaryAddress(null as unknown as MilitaryAddressInput).military).toBe(false);
  });

  it("the suggested changes hold one value per field, only for the fields a fix changes", () => {
    const check = checkMilitaryAddress({
      address1: "PSC 1234 Box 5678, Ramstein",
      city: "Ramstein",
      provinceCode: "CA",
      zip: "9012",
      countryCodeV2: "DE",
    });
    expect(suggestedChanges(check)).toEqual({
      city: "APO",
      provinceCode: "AE",
      zip: "09012",
      countryCode: "US",
      address1: "PSC 1234 Box 5678",
    });
    // Fixed, the address breaks nothing.
    expect(
      checkMilitaryAddress({
        address1: "PSC 1234 Box 5678",
        city: "APO",
        provinceCode: "AE",
        zip: "09012",
        countryCodeV2: "US",
      }).valid,
    ).toBe(true);
  });
});

describe("stateForZip", () => {
  it.each([
    ["34000", "AA"],
    ["34099", "AA"],
    ["34100", null],
    ["08999", null],
    ["09000", "AE"],
    ["09899", "AE"],
    ["09900", null],
    ["96199", null],
    ["96200", "AP"],
    ["96699", "AP"],
    ["96700", null],
    ["96278-1234", "AP"],
    ["9627", null],
    ["abcde", null],
    ["", null],
  ])("%s → %s", (zip, state) => {
    expect(stateForZip(zip)).toBe(state);
  });
});
