import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CsvError, parseEmailCsv } from "./csv.server";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Bytes as a Windows-1252 file: every character is one byte (all are Latin-1 here). */
const windows1252 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** An upload arriving `size` bytes at a time, so chunks cut lines and characters. */
async function* chunks(bytes: Uint8Array, size = 7) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function stream(bytes: Uint8Array, size = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

/** A stream of rows that never ends, which says whether it was cancelled. */
function endless(row: (n: number) => string, header = "") {
  let n = 0;
  const state = { cancelled: false, bytesSent: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const lines = Array.from({ length: 100 }, () => row(++n));
      const chunk = utf8((n === 100 ? header : "") + lines.join("\n") + "\n");
      state.bytesSent += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

const failsWith = async (promise: Promise<unknown>, code: CsvError["code"]) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvError);
  expect(error).toMatchObject({ code, message: expect.any(String) });
};

describe("parseEmailCsv", () => {
  it("GIVEN Shopify's customer export THEN takes the Email column, not 'Accepts Email Marketing'", async () => {
    const file = [
      "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Tags",
      "1001,Marie,Curie,Marie.Curie@Orange.fr,yes,,vip",
      '1002,Ola,Nordmann,ola@online.no,no,"Nordmann, AS","a, b"',
    ].join("\r\n");
    expect(await parseEmailCsv(stream(utf8(file)))).toEqual({
      emails: [
        { line: 2, email: "marie.curie@orange.fr" },
        { line: 3, email: "ola@online.no" },
      ],
      problems: [],
      rows: 2,
      encoding: "utf-8",
      delimiter: ",",
      column: "Email",
    });
  });

  it("GIVEN a UTF-8 byte order mark, read one byte at a time THEN the header is found and accents survive", async () => {
    const file = utf8("\uFEFFE-postadress;Namn\nåsa@telia.com;Åsa Öberg\nper@blåbär.se;Per\n");
    const result = await parseEmailCsv(chunks(file, 1));
    expect(result).toMatchObject({ column: "E-postadress", encoding: "utf-8", delimiter: ";" });
    expect(result.emails).toEqual([{ line: 3, email: "per@blåbär.se" }]);
    // åsa@ is no address Shopify takes: the local part must be ASCII.
    expect(result.problems).toEqual([{ line: 2, value: "åsa@telia.com", problem: "malformed" }]);
  });

  it("GIVEN bytes that are not UTF-8 (Excel's Windows-1252 'CSV') THEN reads them as Windows-1252", async () => {
    const file = windows1252(
      "Navn;E-postadresse;Beløp\r\nKåre Ødegård;kare@blåbær.no;12,50\r\nSøren;soren@start.no;9,90\r\n",
    );
    const result = await parseEmailCsv(stream(file, 5));
    expect(result).toMatchObject({
      encoding: "windows-1252",
      delimiter: ";",
      column: "E-postadresse",
      rows: 2,
      problems: [],
    });
    expect(result.emails).toEqual([
      { line: 2, email: "kare@blåbær.no" },
      { line: 3, email: "soren@start.no" },
    ]);
  });

  it("GIVEN a Windows-1252 file whose first accent comes after 100 KB of ASCII THEN still reads it whole as Windows-1252", async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `client${i}@free.fr,Dupont`);
    const file = windows1252(["email,nom", ...rows, "zoe@free.fr,Zoé Noël", ""].join("\n"));
    // Handed over whole, as one chunk: it is still read in pieces.
    const result = await parseEmailCsv(chunks(file, file.length));
    expect(result.encoding).toBe("windows-1252");
    expect(result.rows).toBe(4001);
    expect(result.emails.at(-1)).toEqual({ line: 4002, email: "zoe@free.fr" });
  });

  it("GIVEN a UTF-8 file with one stray byte after real accents THEN stays UTF-8 and keeps every row", async () => {
    const file = new Uint8Array([
      ...utf8("email;nom\nléa@free.fr;Léa\nzoe@free.fr;Zo"),
      0xe9,
      ...utf8("\nmax@sfr.fr;Max\n"),
    ]);
    const result = await parseEmailCsv(chunks(file));
    expect(result.encoding).toBe("utf-8");
    expect(result.emails.map((e) => e.email)).toEqual(["zoe@free.fr", "max@sfr.fr"]);
    expect(result.problems).toEqual([{ line: 2, value: "léa@free.fr", problem: "malformed" }]);
  });

  it("GIVEN semicolons and decimal commas (French Excel) THEN the delimiter is the semicolon", async () => {
    const file =
      "Nom;Prénom;Adresse e-mail;Montant\nDupont;Jean;jean@wanadoo.fr;12,50\nMartin;Léa;lea@laposte.net;1 234,00\n";
    const result = await parseEmailCsv(chunks(utf8(file)));
    expect(result).toMatchObject({ delimiter: ";", column: "Adresse e-mail", rows: 2 });
    expect(result.emails.map((e) => e.email)).toEqual(["jean@wanadoo.fr", "lea@laposte.net"]);
  });

  it("GIVEN tabs THEN the delimiter is the tab", async () => {
    const file = "Email Address\tFirst Name\nanna@live.se\tAnna\nerik@spray.se\tErik, Jr\n";
    const result = await parseEmailCsv(chunks(utf8(file)));
    expect(result).toMatchObject({ delimiter: "\t", column: "Email Address", rows: 2 });
  });

  it("GIVEN quoted fields with commas, quotes and line breaks, and CRLF THEN each row keeps the line it starts on", async () => {
    const file = [
      "courriel,note",
      '"a@free.fr","Dupont, Jean"',
      'b@free.fr,"a note',
      'on two lines"',
      '"c@free.fr","she said ""hi"", then left"',
      "",
    ].join("\r\n");
    const result = await parseEmailCsv(chunks(utf8(file), 3));
    expect(result.emails).toEqual([
      { line: 2, email: "a@free.fr" },
      { line: 3, email: "b@free.fr" },
      { line: 5, email: "c@free.fr" },
    ]);
    expect(result).toMatchObject({ column: "courriel", rows: 3, problems: [] });
  });

  it("GIVEN duplicates, malformed and empty values THEN reports each at its line; typos and throwaway domains are not problems here", async () => {
    const file = [
      "email,name",
      "  Ola@Online.no ,Ola",
      "kari@gmial.com,Kari",
      "temp@mailinator.com,Temp",
      "OLA@online.no,Ola again",
      "not-an-email,Nobody",
      "jo@@online.no,Jo",
      ",No email",
      "",
      "kari@gmial.com,Kari again",
      "",
      ",",
      "",
    ].join("\n");
    expect(await parseEmailCsv(chunks(utf8(file)))).toMatchObject({
      emails: [
        { line: 2, email: "ola@online.no" },
        { line: 3, email: "kari@gmial.com" },
        { line: 4, email: "temp@mailinator.com" },
      ],
      problems: [
        { line: 5, value: "OLA@online.no", problem: "duplicate", firstLine: 2 },
        { line: 6, value: "not-an-email", problem: "malformed" },
        { line: 7, value: "jo@@online.no", problem: "malformed" },
        { line: 8, value: "", problem: "empty" },
        { line: 9, value: "", problem: "empty" },
        { line: 10, value: "kari@gmial.com", problem: "duplicate", firstLine: 3 },
      ],
      // Blank lines at the end are no rows.
      rows: 9,
    });
  });

  it("GIVEN no header THEN the email column is the first holding an '@' and the first line is a row", async () => {
    const file = "Dupont;jean@sfr.fr;0601020304\nMartin;lea@free.fr;0605060708\n";
    expect(await parseEmailCsv(chunks(utf8(file)))).toEqual({
      emails: [
        { line: 1, email: "jean@sfr.fr" },
        { line: 2, email: "lea@free.fr" },
      ],
      problems: [],
      rows: 2,
      encoding: "utf-8",
      delimiter: ";",
      column: null,
    });
  });

  it("GIVEN a header we do not know THEN the email column is the first holding '@' in the rows after it", async () => {
    const file = "Kunde,Telefon,Kontakt\nOla,123,\nKari,456,kari@start.no\n";
    const result = await parseEmailCsv(chunks(utf8(file)));
    expect(result).toMatchObject({
      column: "Kontakt",
      rows: 2,
      emails: [{ line: 3, email: "kari@start.no" }],
      problems: [{ line: 2, value: "", problem: "empty" }],
    });
  });

  it("GIVEN a Node stream of Buffers THEN reads it like any other input", async () => {
    const file = Readable.from([Buffer.from("email\nola@"), Buffer.from("online.no\n")]);
    expect((await parseEmailCsv(file)).emails).toEqual([{ line: 2, email: "ola@online.no" }]);
  });

  it.each([
    ["no bytes", new Uint8Array()],
    ["a byte order mark only", new Uint8Array([0xef, 0xbb, 0xbf])],
    ["blank lines and empty cells only", utf8("\r\n;;;\r\n\r\n;;;\r\n")],
    ["a header and no rows", utf8("email,name\n\n")],
  ])("GIVEN %s THEN empty_file", async (_, file) => {
    await failsWith(parseEmailCsv(chunks(file)), "empty_file");
  });

  it("GIVEN no column holding an email THEN no_email_column", async () => {
    await failsWith(
      parseEmailCsv(chunks(utf8("name;phone\nOla;123\nKari;456\n"))),
      "no_email_column",
    );
  });

  it("GIVEN an endless file with no email column THEN gives up after a few rows and stops reading", async () => {
    const { body, state } = endless((n) => `customer ${n},${n}`);
    await failsWith(parseEmailCsv(body), "no_email_column");
    expect(state.cancelled).toBe(true);
    // What the buffers between the upload and the parser hold, a few tens of KB.
    expect(state.bytesSent).toBeLessThan(256 * 1024);
  });

  it("GIVEN more rows than maxRows THEN too_many_rows; GIVEN exactly maxRows THEN reads them", async () => {
    const file = (rows: number) =>
      utf8(
        ["email", ...Array.from({ length: rows }, (_, i) => `c${i}@free.fr`), "", ""].join("\n"),
      );
    await failsWith(parseEmailCsv(chunks(file(6)), { maxRows: 5 }), "too_many_rows");
    expect((await parseEmailCsv(chunks(file(5)), { maxRows: 5 })).rows).toBe(5);
  });

  it("GIVEN an endless file THEN too_many_rows as soon as it passes maxRows, and stops reading", async () => {
    const { body, state } = endless((n) => `c${n}@free.fr`, "email\n");
    await failsWith(parseEmailCsv(body, { maxRows: 250 }), "too_many_rows");
    expect(state.cancelled).toBe(true);
    expect(state.bytesSent).toBeLessThan(256 * 1024);
  });

  it.each([
    ["a quote never closed", utf8('email,note\na@free.fr,"open\nb@free.fr,x\n')],
    ["an Excel workbook", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ["UTF-16 text", new Uint8Array([0xff, 0xfe, 0x65, 0x00, 0x6d, 0x00])],
    ["binary bytes", new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0x00, 0x01])],
    ["binary bytes after 1,000 good rows", utf8(`email\n${"a@free.fr\n".repeat(1000)}\0\n`)],
    ["a row of a megabyte", utf8(`email\n${"x".repeat(1024 * 1024)}@free.fr\n`)],
  ])("GIVEN %s THEN unreadable", async (_, file) => {
    await failsWith(parseEmailCsv(chunks(file, 1024)), "unreadable");
  });

  it("GIVEN the upload itself fails (over its size limit) THEN that error comes through as it is", async () => {
    const tooLarge = new Error("The request body is larger than 32768 KB");
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(tooLarge);
        sent = true;
        controller.enqueue(utf8(`email\n${"a@free.fr\n".repeat(1000)}`));
      },
    });
    await expect(parseEmailCsv(body)).rejects.toBe(tooLarge);
  });

  it("GIVEN a generated file of 100,000 rows in 64 KB chunks THEN counts every email and problem", async () => {
    const domains = ["gmail.com", "orange.fr", "free.fr", "telia.com", "online.no", "hotmail.se"];
    const row = (i: number) => {
      if (i % 1000 === 999) return `Dup ${i};c${i - 1}@${domains[(i - 1) % 6]}`; // 100 duplicates
      if (i % 500 === 0) return `Bad ${i};c${i}.${domains[i % 6]}`; // 200 malformed
      if (i % 2500 === 1) return `Nobody ${i};`; // 40 empty
      return `Client ${i};C${i}@${domains[i % 6]}`;
    };
    async function* file() {
      let batch = "name;e-post\n";
      for (let i = 0; i < 100_000; i++) {
        batch += row(i) + "\n";
        if (batch.length >= 64 * 1024) {
          yield utf8(batch);
          batch = "";
        }
      }
      yield utf8(batch);
    }
    const result = await parseEmailCsv(file());
    expect(result.rows).toBe(100_000);
    expect(result.problems.filter((p) => p.problem === "duplicate")).toHaveLength(100);
    expect(result.problems.filter((p) => p.problem === "malformed")).toHaveLength(200);
    expect(result.problems.filter((p) => p.problem === "empty")).toHaveLength(40);
    expect(result.emails).toHaveLength(100_000 - 340);
    expect(result.emails[0]).toEqual({ line: 4, email: "c2@free.fr" });
    expect(result.problems[0]).toEqual({ line: 2, value: "c0.gmail.com", problem: "malformed" });
  });
});
