/** Static data for the seed generator: places, streets, domains per locale. */
import { en, fr, nb_NO, sv, type LocaleDefinition } from "@faker-js/faker";

export type SeedLocale = "fr" | "sv" | "nb" | "en";

interface Place {
  city: string;
  zip: string;
  province: string | null;
  provinceCode: string | null;
}

export interface LocaleData {
  firstNames: readonly string[];
  lastNames: readonly string[];
  country: string;
  countryCode: string;
  places: readonly Place[];
  streets: readonly string[];
  /** true: "12 rue X" (number first); false: "X 12". */
  numberFirst: boolean;
  emailDomains: Readonly<Record<string, number>>;
  phonePrefix: string;
  shopLocale: string;
}

function names(def: LocaleDefinition) {
  const first = def.person?.first_name?.generic ?? [];
  const last = def.person?.last_name?.generic ?? [];
  if (!first.length || !last.length) throw new Error("faker locale without person names");
  return { firstNames: first, lastNames: last };
}

export const LOCALES: Readonly<Record<SeedLocale, LocaleData>> = {
  fr: {
    ...names(fr),
    country: "France",
    countryCode: "FR",
    places: [
      { city: "Paris", zip: "75011", province: null, provinceCode: null },
      { city: "Lyon", zip: "69002", province: null, provinceCode: null },
      { city: "Marseille", zip: "13001", province: null, provinceCode: null },
      { city: "Toulouse", zip: "31000", province: null, provinceCode: null },
      { city: "Nantes", zip: "44000", province: null, provinceCode: null },
      { city: "Bordeaux", zip: "33000", province: null, provinceCode: null },
      { city: "Lille", zip: "59000", province: null, provinceCode: null },
      { city: "Strasbourg", zip: "67000", province: null, provinceCode: null },
    ],
    streets: [
      "rue de la République",
      "avenue Victor Hugo",
      "boulevard Saint-Germain",
      "rue des Lilas",
      "place Bellecour",
      "rue Nationale",
    ],
    numberFirst: true,
    emailDomains: {
      "gmail.com": 40,
      "orange.fr": 20,
      "free.fr": 12,
      "hotmail.fr": 14,
      "yahoo.fr": 8,
      "laposte.net": 6,
    },
    phonePrefix: "+336",
    shopLocale: "fr",
  },
  sv: {
    ...names(sv),
    country: "Sweden",
    countryCode: "SE",
    places: [
      { city: "Stockholm", zip: "111 22", province: "Stockholms län", provinceCode: "AB" },
      { city: "Göteborg", zip: "411 01", province: "Västra Götalands län", provinceCode: "O" },
      { city: "Malmö", zip: "211 20", province: "Skåne län", provinceCode: "M" },
      { city: "Uppsala", zip: "753 10", province: "Uppsala län", provinceCode: "C" },
      { city: "Västerås", zip: "722 11", province: "Västmanlands län", provinceCode: "U" },
    ],
    streets: ["Drottninggatan", "Kungsgatan", "Storgatan", "Vasagatan", "Sveavägen", "Götgatan"],
    numberFirst: false,
    emailDomains: {
      "gmail.com": 45,
      "hotmail.com": 20,
      "outlook.com": 12,
      "telia.com": 10,
      "icloud.com": 8,
      "bredband.net": 5,
    },
    phonePrefix: "+4670",
    shopLocale: "sv",
  },
  nb: {
    ...names(nb_NO),
    country: "Norway",
    countryCode: "NO",
    places: [
      { city: "Oslo", zip: "0150", province: null, provinceCode: null },
      { city: "Bergen", zip: "5003", province: null, provinceCode: null },
      { city: "Trondheim", zip: "7011", province: null, provinceCode: null },
      { city: "Stavanger", zip: "4006", province: null, provinceCode: null },
      { city: "Tromsø", zip: "9008", province: null, provinceCode: null },
    ],
    streets: [
      "Karl Johans gate",
      "Storgata",
      "Kirkegata",
      "Bygdøy allé",
      "Torggata",
      "Thorvald Meyers gate",
    ],
    numberFirst: false,
    emailDomains: {
      "gmail.com": 45,
      "online.no": 15,
      "hotmail.com": 15,
      "outlook.com": 10,
      "icloud.com": 10,
      "live.no": 5,
    },
    phonePrefix: "+479",
    shopLocale: "nb",
  },
  en: {
    ...names(en),
    country: "United States",
    countryCode: "US",
    places: [
      { city: "New York", zip: "10001", province: "New York", provinceCode: "NY" },
      { city: "Austin", zip: "78701", province: "Texas", provinceCode: "TX" },
      { city: "Seattle", zip: "98101", province: "Washington", provinceCode: "WA" },
      { city: "Chicago", zip: "60601", province: "Illinois", provinceCode: "IL" },
      { city: "Denver", zip: "80202", province: "Colorado", provinceCode: "CO" },
    ],
    streets: [
      "Main Street",
      "Oak Avenue",
      "Maple Drive",
      "Elm Street",
      "Park Avenue",
      "Cedar Lane",
    ],
    numberFirst: true,
    emailDomains: {
      "gmail.com": 50,
      "yahoo.com": 15,
      "outlook.com": 15,
      "icloud.com": 12,
      "aol.com": 8,
    },
    phonePrefix: "+1555",
    shopLocale: "en",
  },
};

export const DISPOSABLE_DOMAINS = [
  "mailinator.com",
  "guerrillamail.com",
  "10minutemail.com",
  "yopmail.com",
  "tempmail.net",
  "sharklasers.com",
  "trashmail.com",
];

export const SPAM_LINKS = [
  "http://bit.ly/3xPr0mo",
  "https://cheap-meds.example.ru",
  "www.win-prize.top",
  "http://crypto-gains.xyz/join",
  "https://t.me/freecoins",
];

/** US military addresses (USPS convention): APO/FPO/DPO, AA/AE/AP, US, PSC/UNIT/CMR + BOX or ship + hull. */
export const MILITARY_VALID = [
  {
    address1: "PSC 1234, Box 5678",
    city: "APO",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09012",
  },
  {
    address1: "UNIT 2050 BOX 4190",
    city: "APO",
    province: "Armed Forces Pacific",
    provinceCode: "AP",
    zip: "96278",
  },
  {
    address1: "USS Ronald Reagan (CVN-76)",
    city: "FPO",
    province: "Armed Forces Pacific",
    provinceCode: "AP",
    zip: "96616",
  },
  {
    address1: "CMR 480 Box 123",
    city: "APO",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09128",
  },
  {
    address1: "Unit 8400 Box 0000",
    city: "DPO",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09498",
  },
  {
    address1: "PSC 20 Box 1234",
    city: "APO",
    province: "Armed Forces Americas",
    provinceCode: "AA",
    zip: "34020",
  },
] as const;

/** Each breaks exactly one rule; `rule` names it (for tests and demo data). */
export const MILITARY_INVALID = [
  {
    rule: "city",
    address1: "PSC 1234, Box 5678",
    city: "New York",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09012",
    countryCode: "US",
  },
  {
    rule: "state",
    address1: "UNIT 2050 BOX 4190",
    city: "APO",
    province: "California",
    provinceCode: "CA",
    zip: "96278",
    countryCode: "US",
  },
  {
    rule: "country",
    address1: "CMR 480 Box 123",
    city: "APO",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09128",
    countryCode: "DE",
  },
  {
    rule: "street",
    address1: "123 Main Street",
    city: "FPO",
    province: "Armed Forces Pacific",
    provinceCode: "AP",
    zip: "96616",
    countryCode: "US",
  },
  {
    rule: "street",
    address1: "PSC 1234",
    city: "APO",
    province: "Armed Forces Europe",
    provinceCode: "AE",
    zip: "09012",
    countryCode: "US",
  },
] as const;

export const TAG_WEIGHTS: Readonly<Record<string, number>> = {
  VIP: 5,
  vip: 1,
  wholesale: 3,
  newsletter: 10,
  "Local pickup": 2,
  b2b: 2,
  "spring-sale-2025": 4,
  imported: 8,
  "Black Friday": 3,
};

/** Removes diacritics for email local parts (é → e, ø → o, å → a, æ → ae). */
export function asciiFold(value: string): string {
  return value
    .replace(/æ/gi, "ae")
    .replace(/ø/gi, "o")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-zA-Z0-9]/g, "")
    .toLowerCase();
}

/**
 * The few products orders placed through the simulator sell (the simulator
 * holds no product catalog: these ids exist only in order payloads).
 */
export interface DemoProduct {
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string | null;
  sku: string;
  priceCents: number;
  grams: number;
  vendor: string;
}

export const PRODUCTS: readonly DemoProduct[] = [
  {
    productId: 8_100_000_000_001,
    variantId: 45_000_000_000_011,
    title: "Merino beanie",
    variantTitle: "Charcoal",
    sku: "BEANIE-CHR",
    priceCents: 2900,
    grams: 120,
    vendor: "Patron Demo",
  },
  {
    productId: 8_100_000_000_002,
    variantId: 45_000_000_000_021,
    title: "Canvas tote",
    variantTitle: null,
    sku: "TOTE-NAT",
    priceCents: 1850,
    grams: 300,
    vendor: "Patron Demo",
  },
  {
    productId: 8_100_000_000_003,
    variantId: 45_000_000_000_031,
    title: "Stoneware mug",
    variantTitle: "Sand",
    sku: "MUG-SAND",
    priceCents: 1400,
    grams: 450,
    vendor: "Patron Demo",
  },
  {
    productId: 8_100_000_000_004,
    variantId: 45_000_000_000_041,
    title: "Wool blanket",
    variantTitle: "Forest green",
    sku: "BLANKET-GRN",
    priceCents: 8900,
    grams: 1400,
    vendor: "Patron Demo",
  },
];
