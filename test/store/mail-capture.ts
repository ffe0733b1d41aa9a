/**
 * A local SMTP server that keeps every message it receives, for the demo and
 * for tests: the app sends its sign-in invitations (new customer accounts)
 * through the merchant's own SMTP server, and here that server is this one.
 * Plain SMTP on loopback, no TLS (STARTTLS is not offered), AUTH optional and
 * any user/password accepted. Messages are parsed (headers, text and html
 * parts, encoded words, quoted-printable and base64) so they can be listed
 * and read: `GET /__simulator/mail` and the demo's store-controls panel.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  id: string;
  /** The From header (decoded), e.g. `Patron Demo Store <shop@example.com>`. */
  from: string | null;
  to: string[];
  cc: string[];
  /** Envelope recipients that are in neither To nor Cc. */
  bcc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  /** The Date header (ISO), else when it arrived. */
  date: string;
  receivedAt: string;
  /** Bytes received (the raw message). */
  size: number;
  envelope: { from: string | null; to: string[] };
  /** The user name the client authenticated with, if it did. */
  user: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

export interface MailCapture {
  host: string;
  port: number;
  /** smtp://host:port */
  url: string;
  /** Every message kept, oldest first. */
  messages(): CapturedMail[];
  clear(): void;
  stop(): Promise<void>;
}

export interface MailCaptureOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Oldest messages are dropped past this many (default 1,000). */
  maxMessages?: number;
  /** Largest message accepted, in bytes (default 10 MB). */
  maxSize?: number;
}

export async function startMailCapture(options: MailCaptureOptions = {}): Promise<MailCapture> {
  const host = options.host ?? "127.0.0.1";
  const maxMessages = options.maxMessages ?? 1000;
  const kept: CapturedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    size: options.maxSize ?? 10 * 1024 * 1024,
    logger: false,
    banner: "Patron demo mail capture",
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          const error = new Error("Message exceeds the size limit") as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        kept.push(capturedMail(raw, envelope, session.user ?? null, new Date()));
        if (kept.length > maxMessages) kept.splice(0, kept.length - maxMessages);
        callback(null, "Captured");
      });
    },
  });
  server.on("error", () => undefined); // a client's broken connection must not crash the demo
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...kept],
    clear: () => void kept.splice(0, kept.length),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- parsing ---------------------------------------------------------------

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

function splitHeaders(raw: Buffer): Part {
  let end = raw.indexOf("\r\n\r\n");
  let sep = 4;
  if (end < 0) {
    end = raw.indexOf("\n\n");
    sep = 2;
  }
  if (end < 0) {
    end = raw.length;
    sep = 0;
  }
  const headerText = raw.subarray(0, end).toString("latin1");
  const headers = new Map<string, string>();
  let current: string | null = null;
  for (const line of headerText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      headers.set(current, `${headers.get(current)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    current = line.slice(0, colon).trim().toLowerCase();
    // First occurrence wins (e.g. several Received headers do not matter here).
    if (!headers.has(current)) headers.set(current, line.slice(colon + 1).trim());
    else current = null;
  }
  return { headers, body: raw.subarray(Math.min(raw.length, end + sep)) };
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? "utf-8").toLowerCase();
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

/** RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=); header bytes are latin1 here. */
export function decodeWords(value: string): string {
  const raw = Buffer.from(value, "latin1").toString("utf8");
  return raw
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (_m, charset: string, enc, text) => {
      const bytes =
        enc.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9a-fA-F]{2})/g, (_x: string, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              "latin1",
            );
      return decodeCharset(bytes, charset);
    });
}

function headerParams(value: string): { value: string; params: Map<string, string> } {
  const [first = "", ...rest] = value.split(";");
  const params = new Map<string, string>();
  for (const item of rest) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    params.set(
      key,
      item
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, ""),
    );
  }
  return { value: first.trim().toLowerCase(), params };
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.toString("latin1"), "base64");
  if (encoding === "quoted-printable") {
    const text = part.body
      .toString("latin1")
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(text, "latin1");
  }
  return part.body;
}

function multipartChildren(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString("latin1");
  const marker = `--${boundary}`;
  const children: Buffer[] = [];
  let at = text.indexOf(marker);
  while (at >= 0) {
    const start = text.indexOf("\n", at) + 1;
    if (start <= 0 || text.startsWith(`${marker}--`, at)) break;
    const next = text.indexOf(`\n${marker}`, start);
    const stop = next < 0 ? text.length : next;
    const chunk = text.slice(start, stop).replace(/\r$/, "");
    children.push(Buffer.from(chunk, "latin1"));
    at = next < 0 ? -1 : next + 1;
  }
  return children;
}

interface Walked {
  text: string | null;
  html: string | null;
  attachments: CapturedMail["attachments"];
}

function walk(part: Part, out: Walked): void {
  const type = headerParams(part.headers.get("content-type") ?? "text/plain");
  const disposition = headerParams(part.headers.get("content-disposition") ?? "inline");
  if (type.value.startsWith("multipart/")) {
    const boundary = type.params.get("boundary");
    if (!boundary) return;
    for (const child of multipartChildren(part.body, boundary)) walk(splitHeaders(child), out);
    return;
  }
  const bytes = decodeBody(part);
  const filename = disposition.params.get("filename") ?? type.params.get("name") ?? null;
  const isAttachment = disposition.value === "attachment" || filename !== null;
  // Line ends as written (SMTP sends CRLF), without the one that ends the part.
  const asText = () =>
    decodeCharset(bytes, type.params.get("charset")).replace(/\r\n/g, "\n").replace(/\n$/, "");
  if (!isAttachment && type.value === "text/plain" && out.text === null) {
    out.text = asText();
    return;
  }
  if (!isAttachment && type.value === "text/html" && out.html === null) {
    out.html = asText();
    return;
  }
  out.attachments.push({
    filename: filename === null ? null : decodeWords(filename),
    contentType: type.value,
    size: bytes.length,
  });
}

/** Splits an address list on commas outside quotes and angle brackets. */
export function addressList(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "<" && !quoted) angle++;
    else if (ch === ">" && !quoted) angle = Math.max(0, angle - 1);
    if (ch === "," && !quoted && angle === 0) {
      if (current.trim()) out.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.map((a) => decodeWords(a).replace(/\s+/g, " "));
}

/** The bare address of `Name <a@b>` (or of `a@b`), lower-cased. */
export function bareAddress(entry: string): string {
  const angle = /<([^>]*)>/.exec(entry);
  return (angle ? angle[1]! : entry).trim().toLowerCase();
}

export function capturedMail(
  raw: Buffer,
  envelope: { from: string | null; to: string[] },
  user: string | null,
  receivedAt: Date,
): CapturedMail {
  const root = splitHeaders(raw);
  const h = root.headers;
  const walked: Walked = { text: null, html: null, attachments: [] };
  walk(root, walked);
  const to = addressList(h.get("to"));
  const cc = addressList(h.get("cc"));
  const visible = new Set([...to, ...cc].map(bareAddress));
  const headerBcc = addressList(h.get("bcc"));
  const bcc = [
    ...headerBcc,
    ...envelope.to.filter(
      (a) =>
        !visible.has(a.toLowerCase()) && !headerBcc.some((b) => bareAddress(b) === a.toLowerCase()),
    ),
  ];
  const dated = h.get("date") ? Date.parse(h.get("date")!) : NaN;
  return {
    id: randomUUID(),
    from: h.get("from") ? decodeWords(h.get("from")!).replace(/\s+/g, " ") : null,
    to,
    cc,
    bcc,
    subject: h.get("subject") !== undefined ? decodeWords(h.get("subject")!) : null,
    text: walked.text,
    html: walked.html,
    date: new Date(Number.isFinite(dated) ? dated : receivedAt.getTime()).toISOString(),
    receivedAt: receivedAt.toISOString(),
    size: raw.length,
    envelope,
    user,
    attachments: walked.attachments,
  };
}
