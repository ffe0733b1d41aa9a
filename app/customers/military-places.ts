/**
 * Places a US military address must not name: the country or city of the
 * posting. The mail goes through the US postal service to the unit, and a
 * foreign place name in the lines sends it into that country's post instead
 * (Shopify help, "US military shipping address requirements": enter APO, FPO
 * or DPO, never the city). Countries with US bases or embassies' postal
 * units, in English and in the admin's other languages, and the bases' towns.
 * Longer names first, so "South Korea" is taken whole rather than "Korea".
 */
const COUNTRIES = [
  "United Arab Emirates",
  "Republic of Korea",
  "United Kingdom",
  "Great Britain",
  "Saudi Arabia",
  "South Korea",
  "Diego Garcia",
  "Afghanistan",
  "Deutschland",
  "Netherlands",
  "Philippines",
  "Allemagne",
  "Australia",
  "Singapore",
  "Guantanamo",
  "Nederland",
  "Tyskland",
  "Honduras",
  "Djibouti",
  "Portugal",
  "Belgique",
  "Belgium",
  "Bahrain",
  "Bulgaria",
  "Germany",
  "England",
  "Hungary",
  "Iceland",
  "Romania",
  "Türkiye",
  "Turkey",
  "Norway",
  "Kosovo",
  "Kuwait",
  "Poland",
  "Greece",
  "España",
  "Italia",
  "Italie",
  "Espagne",
  "Corée",
  "Japon",
  "Japan",
  "Korea",
  "Italy",
  "Spain",
  "Qatar",
  "Iraq",
];

const TOWNS = [
  "Camp Humphreys",
  "Kaiserslautern",
  "Camp Lemonnier",
  "Grafenwoehr",
  "Grafenwöhr",
  "Spangdahlem",
  "Baumholder",
  "Lakenheath",
  "Mildenhall",
  "Pyeongtaek",
  "Souda Bay",
  "Landstuhl",
  "Stuttgart",
  "Wiesbaden",
  "Sigonella",
  "Yokosuka",
  "Hohenfels",
  "Brunssum",
  "Chievres",
  "Ramstein",
  "Humphreys",
  "Incirlik",
  "Vilseck",
  "Vicenza",
  "Okinawa",
  "Iwakuni",
  "Ansbach",
  "Aviano",
  "Yokota",
  "Misawa",
  "Kadena",
  "Sasebo",
  "Atsugi",
  "Naples",
  "Napoli",
  "Manama",
  "Kunsan",
  "Tokyo",
  "Seoul",
  "Daegu",
  "Busan",
  "Lajes",
  "Osan",
  "Rota",
  "Zama",
];

const NAMES = [...COUNTRIES, ...TOWNS].sort((a, b) => b.length - a.length);

// Letters of any script count as part of a word: "Grafenwöhr" is one word,
// "Germantown" does not hold "Germany", "Rotary" does not hold "Rota".
const PLACE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${NAMES.map((n) => n.replace(/ /g, "\\s+")).join("|")})(?![\\p{L}\\p{N}])`,
  "giu",
);

/** The place names a line holds, as written, in order. */
export function placeNamesIn(line: string): string[] {
  return [...line.matchAll(PLACE)].map((match) => match[0]);
}

/** The line without its place names, and the commas or dashes they leave behind tidied. */
export function withoutPlaceNames(line: string): string {
  return line
    .replace(PLACE, " ")
    .replace(/\s*([,;/-])(?:\s*[,;/-])+/g, "$1")
    .replace(/\s+,/g, ",")
    .replace(/\s{2,}/g, " ")
    .replace(/^[\s,;/-]+|[\s,;/-]+$/g, "");
}
