// Reads an uploaded CSV of customer emails as a stream: whatever spreadsheet
// made it (Shopify's export, Excel in French, Swedish or Norwegian), with the
// memory it uses bounded by the number of emails, never by the file's size.
import { Readable, pipeline } from "node:stream";
import { CsvError as ParseError, parse } from "csv-parse";
import { checkEmail } from "../customers/email-check";

export type CsvEmails = {
  /** The usable addresses, trimmed and lower-cased, each at its line in the file. */
  emails: { line: number; email: string }[];
  problems: CsvProblem[];
  /** Rows after the header, blank lines at the end of the file left out. */
  rows: number;
  encoding: "utf-8" | "windows-1252";
  delimiter: string;
  /** The email column's header as written, or null for a file without a header. */
  column: string | null;
};

export type CsvProblem = {
  line: number;
  value: string;
  problem: "malformed" | "duplicate" | "empty";
  /** For a duplicate: the line where the address came first. */
  firstLine?: number;
};

export type CsvErrorCode = "empty_file" | "no_email_column" | "too_many_rows" | "unreadable";

/** A file that cannot be used at all: nothing of it is returned. */
export class CsvError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

/**
 * Headers that name the email column, compared without case, spaces, dots,
 * hyphens or underscores: Shopify's export, English, French, Swedish, Norwegian.
 */
const EMAIL_HEADERS = new Set(
  [
    "email",
    "e-mail",
    "mail",
    "email address",
    "e-mail address",
    "courriel",
    "adresse e-mail",
    "adresse mail",
    "adresse courriel",
    "e-post",
    "e-postadress",
    "e-postadresse",
  ].map(headerKey),
);

function headerKey(cell: string) {
  return cell.toLowerCase().replace(/[\s._-]+/g, "");
}

/** A row longer than this is no list of emails (an unclosed quote, most likely). */
const MAX_ROW_CHARS = 64 * 1024;

/**
 * Reads the file and returns every row's email or problem, or throws a
 * CsvError for a file that cannot be used. An error of the input itself (a
 * body over its size limit, a dropped upload) is thrown as it came.
 */
export async function parseEmailCsv(
  input: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  options: { maxRows?: number } = {},
): Promise<CsvEmails> {
  const decoder = new Decoder();
  const text = decodeText(chunksOf(input), decoder);
  try {
    const sample = await takeSample(text);
    if (sample.text.trim() === "") throw new CsvError("empty_file", "The file is empty.");
    const delimiter = sniffDelimiter(sample.text, sample.ended);
    const collector = new Collector(options.maxRows ?? 100_000);
    for await (const { record, line } of parseRecords(sample.text, text, delimiter))
      collector.add(record, line);
    return { ...collector.finish(), encoding: decoder.encoding, delimiter };
  } finally {
    // Stops reading the upload when we stopped early (too many rows, unreadable).
    await text.return(undefined);
  }
}

/** Turns the rows into emails and problems, once the email column is known. */
class Collector {
  private emails: CsvEmails["emails"] = [];
  private problems: CsvProblem[] = [];
  private rows = 0;
  private column: { index: number; header: string | null } | null = null;
  /** Rows read before the column is known: the header and a few rows after it. */
  private pending: { record: string[]; line: number }[] = [];
  /** Lines of blank rows not yet followed by a row: blank lines at the end are no rows. */
  private blank: number[] = [];
  private firstLines = new Map<string, number>();

  constructor(private maxRows: number) {}

  add(record: string[], line: number) {
    if (this.column) return this.take(record, line);
    if (this.pending.length === 0 && isBlank(record)) return;
    this.pending.push({ record, line });
    this.column = findColumn(this.pending, false);
    if (this.column) this.takePending();
  }

  finish() {
    if (!this.column) {
      if (this.pending.length === 0) throw new CsvError("empty_file", "The file is empty.");
      this.column = findColumn(this.pending, true);
      if (!this.column)
        throw new CsvError("no_email_column", "No column of the file holds email addresses.");
      this.takePending();
    }
    if (this.rows === 0) throw new CsvError("empty_file", "The file has no rows after its header.");
    const { emails, problems, rows } = this;
    return { emails, problems, rows, column: this.column.header };
  }

  private takePending() {
    const rows = this.column!.header === null ? this.pending : this.pending.slice(1);
    this.pending = [];
    for (const { record, line } of rows) this.take(record, line);
  }

  private take(record: string[], line: number) {
    if (isBlank(record)) {
      this.blank.push(line);
      return;
    }
    for (const blankLine of this.blank)
      this.count({ line: blankLine, value: "", problem: "empty" });
    this.blank = [];

    const value = (record[this.column!.index] ?? "").trim();
    if (value === "") return this.count({ line, value, problem: "empty" });
    const email = value.toLowerCase();
    // Only an address that cannot be sent to is a problem here: typos and
    // throwaway domains are for the page to show.
    if (checkEmail(email).verdict === "invalid")
      return this.count({ line, value, problem: "malformed" });
    const firstLine = this.firstLines.get(email);
    if (firstLine !== undefined)
      return this.count({ line, value, problem: "duplicate", firstLine });
    this.firstLines.set(email, line);
    this.count();
    this.emails.push({ line, email });
  }

  private count(problem?: CsvProblem) {
    if (++this.rows > this.maxRows)
      throw new CsvError("too_many_rows", `The file has more than ${this.maxRows} rows.`);
    if (problem) this.problems.push(problem);
  }
}

/** Rows read before deciding the email column: enough to see a few addresses. */
const ROWS_TO_FIND_COLUMN = 20;

/**
 * The email column: named by a known header in the first row; else, with no
 * header, the first column holding an "@" in the first row; else the first
 * row is a header we do not know, and the column is the first one holding an
 * "@" in the rows after it. Null while more rows could still tell.
 */
function findColumn(
  pending: { record: string[] }[],
  last: boolean,
): { index: number; header: string | null } | null {
  const first = pending[0]!.record;
  const named = first.findIndex((cell) => EMAIL_HEADERS.has(headerKey(cell)));
  if (named >= 0) return { index: named, header: first[named]!.trim() };
  const inFirst = first.findIndex((cell) => cell.includes("@"));
  if (inFirst >= 0) return { index: inFirst, header: null };
  for (const { record } of pending.slice(1)) {
    const index = record.findIndex((cell) => cell.includes("@"));
    if (index >= 0) return { index, header: (first[index] ?? "").trim() };
  }
  if (last || pending.length > ROWS_TO_FIND_COLUMN)
    throw new CsvError("no_email_column", "No column of the file holds email addresses.");
  return null;
}

function isBlank(record: string[]) {
  return record.every((cell) => cell.trim() === "");
}

/**
 * The records csv-parse finds, each with the line of the file it starts on.
 * Node streams carry the text: each side buffers a few kilobytes, then waits.
 */
async function* parseRecords(
  sample: string,
  rest: AsyncIterable<string>,
  delimiter: string,
): AsyncGenerator<{ record: string[]; line: number }> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_ROW_CHARS,
  });
  const text = Readable.from(
    (async function* () {
      yield sample;
      yield* rest;
    })(),
    { objectMode: false },
  );
  // Errors come out of the parser's iteration; stopping it stops the reading.
  pipeline(text, parser, () => {});
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { record, line };
      // A record spans one line plus the line breaks inside its quoted fields.
      // (csv-parse's own info.lines counts a quoted CRLF as two.)
      line += 1 + record.reduce((sum, field) => sum + (field.match(LINE_BREAK)?.length ?? 0), 0);
    }
  } catch (error) {
    if (error instanceof ParseError)
      throw new CsvError("unreadable", `The file is not a readable CSV: ${error.message}`);
    throw error;
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

const DELIMITERS = [",", ";", "\t"];

/**
 * The delimiter the first lines use the same number of times as the first
 * line, the most often: comma, or semicolon as Excel writes CSV in France,
 * Sweden and Norway (where the comma is the decimal mark), or tab. A comma
 * for a file of one column.
 */
function sniffDelimiter(sample: string, ended: boolean): string {
  const lines = delimitersPerLine(sample, ended);
  const header = lines[0];
  if (!header) return ",";
  const score = (d: string) =>
    header.get(d) ? lines.filter((line) => line.get(d) === header.get(d)).length : 0;
  let best = ",";
  for (const d of DELIMITERS) {
    const better = score(d) - score(best) || (header.get(d) ?? 0) - (header.get(best) ?? 0);
    if (better > 0) best = d;
  }
  return best;
}

/** How many times each delimiter comes in each line but blank ones, outside quoted fields. */
function delimitersPerLine(sample: string, ended: boolean): Map<string, number>[] {
  const lines: Map<string, number>[] = [];
  let counts = new Map<string, number>();
  let blank = true;
  let quoted = false;
  for (const char of sample) {
    if (char === "\n" && !quoted) {
      if (!blank) lines.push(counts);
      counts = new Map();
      blank = true;
      continue;
    }
    if (char.trim() !== "") blank = false;
    if (char === '"') quoted = !quoted;
    else if (!quoted && DELIMITERS.includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  // The last line, unless the sample cut it short.
  if ((ended || lines.length === 0) && !blank) lines.push(counts);
  return lines;
}

const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_LINES = 20;

/** The start of the text, enough lines to tell the delimiter. */
async function takeSample(text: AsyncIterator<string>) {
  let sample = "";
  let lines = 0;
  while (sample.length < SAMPLE_CHARS && lines <= SAMPLE_LINES) {
    const next = await text.next();
    if (next.done) return { text: sample, ended: true };
    sample += next.value;
    lines += next.value.split("\n").length - 1;
  }
  return { text: sample, ended: false };
}

/** Chunks taken at a time: a whole file handed over as one chunk is read in pieces too. */
const CHUNK_BYTES = 64 * 1024;

/** The input's chunks, from a web stream or any async iterable (a Node stream). */
async function* chunksOf(
  input: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = "getReader" in input ? input.getReader() : null;
  try {
    const chunks: AsyncIterable<Uint8Array> = reader
      ? readAll(reader)
      : (input as AsyncIterable<Uint8Array>);
    for await (const chunk of chunks)
      for (let at = 0; at < chunk.length; at += CHUNK_BYTES)
        yield chunk.subarray(at, at + CHUNK_BYTES);
  } finally {
    await reader?.cancel().catch(() => {});
  }
}

async function* readAll(reader: ReadableStreamDefaultReader<Uint8Array>) {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** The file's text, its byte order mark removed; refuses what is no text file. */
async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  decoder: Decoder,
): AsyncGenerator<string> {
  const decode = (bytes: Uint8Array, end: boolean) => {
    if (bytes.includes(0)) throw notText("The file is not text (it holds NUL bytes).");
    return decoder.decode(bytes, end);
  };
  // The first bytes, kept until there are enough to recognise a file type.
  let head: Uint8Array | null = new Uint8Array(0);
  for await (const chunk of chunks) {
    let bytes = chunk;
    if (head) {
      head = concat(head, chunk);
      if (head.length < 4) continue;
      bytes = withoutBom(head);
      head = null;
    }
    const text = decode(bytes, false);
    if (text) yield text;
  }
  const text = decode(head ? withoutBom(head) : new Uint8Array(0), true);
  if (text) yield text;
}

function withoutBom(head: Uint8Array): Uint8Array {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0xef, 0xbb, 0xbf)) return head.subarray(3);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff))
    throw notText("The file is UTF-16 text: save it as CSV UTF-8.");
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0))
    throw notText("The file is a spreadsheet workbook, not a CSV: save it as CSV.");
  return head;
}

function notText(message: string) {
  return new CsvError("unreadable", message);
}

/**
 * Bytes to text as UTF-8 until they turn out not to be: a file saved by Excel
 * as "CSV" (not "CSV UTF-8") is Windows-1252, where é is one byte that is no
 * valid UTF-8. When that shows before any other non-ASCII character, the text
 * so far was ASCII, the same in both encodings, so switching to Windows-1252
 * then reads the whole file right. After valid UTF-8 accents, a bad byte is a
 * stray in a UTF-8 file: it becomes U+FFFD and the file stays UTF-8.
 */
class Decoder {
  encoding: "utf-8" | "windows-1252" = "utf-8";
  private strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private lenient: TextDecoder | null = null;
  private windows1252 = new TextDecoder("windows-1252");
  private sawNonAscii = false;
  /** The end of a UTF-8 character cut by the chunk's end, kept for the next chunk. */
  private carry = new Uint8Array(0);

  decode(chunk: Uint8Array, end: boolean): string {
    if (this.encoding === "windows-1252") return this.windows1252.decode(chunk);
    if (this.lenient) return this.lenient.decode(chunk, { stream: !end });
    const bytes = concat(this.carry, chunk);
    const whole = end ? bytes.length : wholeCharacters(bytes);
    this.carry = bytes.slice(whole);
    try {
      const text = this.strict.decode(bytes.subarray(0, whole));
      this.sawNonAscii ||= /[\u0080-\uffff]/.test(text);
      return text;
    } catch {
      this.carry = new Uint8Array(0);
      if (this.sawNonAscii) {
        this.lenient = new TextDecoder("utf-8", { ignoreBOM: true });
        return this.lenient.decode(bytes, { stream: !end });
      }
      this.encoding = "windows-1252";
      return this.windows1252.decode(bytes);
    }
  }
}

/** How many bytes make whole UTF-8 characters: all but a cut last one. */
function wholeCharacters(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return bytes.length - i >= size ? bytes.length : i;
    }
  }
  // Continuation bytes only: not UTF-8, which the decoder will say.
  return bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
