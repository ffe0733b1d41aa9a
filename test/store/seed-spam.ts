/**
 * The seeder's ground truth for the spam finder, and the hard cases that make
 * measuring it mean something.
 *
 * How labels are made: a customer is labelled `seedLabel: "spam"` when the
 * seeder made it as a spam sign-up, nothing else; the label is the seeder's
 * own decision, kept on the simulator's record and never served (no resolver,
 * webhook payload or control-API view reads it). That is partly circular: the
 * seeder makes spam with the very features the finder looks for. What the
 * seeder uses for spam: sign-ups in bursts (1–5 s apart; plausible-name
 * bursts 15–90 s apart), random-letter names or a link as the name (the same
 * word as first and last name half the time), random-letter emails at
 * throwaway domains (70 %) or gmail, no order, never verified, no address,
 * tag or phone; plausible-name spam: real first and last names with one email
 * template per burst at big providers. What the finder uses: no orders, never
 * verified, bursts, random-looking names, links in names, the same word twice,
 * disposable, malformed or mistyped domains (app/customers/email-check.ts),
 * and one account shape repeated within an hour. It does not use addresses,
 * tags, phones, account state or marketing consent, which also differ.
 *
 * So the hard cases below are genuine customers who look like spam on one or
 * two of those features, and spam that looks genuine on most of them; each is
 * marked `seedCase` so the benchmark reports how each fares.
 */
import type { Random } from "./random";

export type SeedLabel = "spam";

export type SeedCase =
  /** Spam with real-looking names and one email template per burst, signed up slowly. */
  | "plausible_spam"
  /** Genuine: a real name the random-name rule could mistake (consonant clusters, other scripts, initials, capitals). */
  | "unusual_name"
  /** Genuine: a birth year in the email (the same shape as plausible spam's). */
  | "year_email"
  /** Genuine: a throwaway address (people who guard their inbox). */
  | "disposable_genuine"
  /** Genuine: a mistyped domain. */
  | "typo_genuine"
  /** Genuine: one of many real sign-ups within minutes (a sale, a post). */
  | "signup_rush";

export const SEED_CASES: readonly SeedCase[] = [
  "plausible_spam",
  "unusual_name",
  "year_email",
  "disposable_genuine",
  "typo_genuine",
  "signup_rush",
];

/** Shares of the hard cases: of spam bursts, of genuine customers, of genuine sign-ups in a rush. */
export const HARD_CASE_SHARES = {
  plausibleBursts: 0.35,
  unusualName: 0.015,
  yearEmail: 0.03,
  disposableGenuine: 0.004,
  typoGenuine: 0.004,
  signupRush: 0.015,
} as const;

/** Real names of many languages, with the email local part their owner would pick. */
export const UNUSUAL_NAMES: readonly { first: string; last: string; local: string }[] = [
  { first: "Krzysztof", last: "Szczepański", local: "k.szczepanski" },
  { first: "Grzegorz", last: "Brzęczyszczykiewicz", local: "grzegorz.b" },
  { first: "Zbigniew", last: "Brzeziński", local: "zbigniew.brzezinski" },
  { first: "Aram", last: "Mkrtchyan", local: "aram.mkrtchyan" },
  { first: "Gwynfor", last: "Llwyd", local: "gwynfor.llwyd" },
  { first: "Thanh", last: "Nguyễn", local: "thanh.nguyen" },
  { first: "Wei", last: "Ng", local: "wei.ng" },
  { first: "Xu", last: "Li", local: "xu.li" },
  { first: "Zhiqiang", last: "Zhang", local: "zhiqiang.zhang" },
  { first: "Zdeněk", last: "Štrba", local: "zdenek.strba" },
  { first: "Vratislav", last: "Smrčka", local: "vsmrcka" },
  { first: "Þórdís", last: "Sigurðardóttir", local: "thordis.s" },
  { first: "Mxolisi", last: "Dlamini", local: "mxolisi.dlamini" },
  { first: "Tshepo", last: "Mkhwanazi", local: "tshepo.m" },
  { first: "Ngozi", last: "Okonkwo", local: "ngozi.okonkwo" },
  { first: "Siobhán", last: "Ní Bhriain", local: "siobhan.nibhriain" },
  { first: "Bjørn-Tore", last: "Kjærstad", local: "bjorntore.kjaerstad" },
  { first: "Yngve", last: "Hjelmtveit", local: "yngve.hjelmtveit" },
  { first: "Hrvoje", last: "Vrhovac", local: "hrvoje.vrhovac" },
  { first: "Dzmitry", last: "Krzhyzhanouski", local: "dzmitry.k" },
  { first: "Xhafer", last: "Krasniqi", local: "xhafer.krasniqi" },
  { first: "王", last: "伟", local: "wang.wei" },
  { first: "Αθηνά", last: "Παπαδοπούλου", local: "athina.papadopoulou" },
  { first: "Анна", last: "Смирнова", local: "anna.smirnova" },
  { first: "محمد", last: "العلي", local: "mohammed.alali" },
  { first: "J.", last: "Smith", local: "j.smith" },
  { first: "ANNE-SOPHIE", last: "DUPONT", local: "annesophie.dupont" },
  { first: "jean", last: "martin", local: "jeanmartin" },
  { first: "Mary-Kate", last: "O'Brien", local: "marykate.obrien" },
  { first: "Sjöfn", last: "Hjálmarsdóttir", local: "sjofn.h" },
  { first: "Ptolemy", last: "Wrightson", local: "ptolemy.wrightson" },
  { first: "Ismail", last: "Ismail", local: "ismail.ismail" },
  { first: "Ulla-Britt", last: "Lindqvist", local: "ullabritt.lindqvist" },
];

/** Domains real customers mistype (app/customers/email-check.ts knows them as typos). */
export const TYPO_DOMAINS = ["gmial.com", "hotmial.com", "outlok.com", "gmail.con", "orage.fr"];

/** Where plausible-name spam signs up: the big providers, like real customers. */
export const PLAUSIBLE_SPAM_DOMAINS = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com"];

/** A bot's email template, one per burst: first and last name with digits. */
export const SPAM_TEMPLATES: readonly ((f: string, l: string, r: Random) => string)[] = [
  (f, l, r) => `${f}${l}${r.int(1000, 9999)}`,
  (f, l, r) => `${f}.${l}${r.int(10, 99)}`,
  (f, l, r) => `${l}.${f}${r.int(100, 999)}`,
];
