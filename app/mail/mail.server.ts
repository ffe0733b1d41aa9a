// Sends mail through the merchant's own server (SMTP), and checks its settings.
// Every failure comes out as a MailError: a code the pages translate, whether
// trying again can help, and the server's own words.
import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

export type SmtpSettings = {
  host: string;
  port: number;
  /** "tls": TLS from the start (port 465); "starttls": upgrade required (587); "none": plain. */
  security: "tls" | "starttls" | "none";
  user: string | null;
  password: string | null;
  fromAddress: string;
  fromName: string | null;
};

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  bcc?: string[];
  replyTo?: string;
  headers?: Record<string, string>;
};

export type MailErrorCode =
  "connection" | "timeout" | "auth" | "recipient_refused" | "sender_refused" | "refused" | "tls";

export class MailError extends Error {
  constructor(
    readonly code: MailErrorCode,
    /** Sending again cannot help: a 5xx answer, bad credentials, a TLS mismatch. */
    readonly permanent: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MailError";
  }
}

/**
 * How long each step may wait, in milliseconds. A server that never answers
 * fails within about 10 to 20 seconds, not the minutes nodemailer allows.
 */
export type MailOptions = {
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  /** Silence allowed on an open connection, between commands or while idle in the pool. */
  socketTimeoutMs?: number;
  /** A pooled connection unused this long is closed (see sendMail). */
  poolIdleMs?: number;
};

const DEFAULTS: Required<MailOptions> = {
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 20_000,
  poolIdleMs: 10_000,
};

/**
 * Sends one message. Connections are pooled per settings in this process: an
 * invitation campaign sends thousands of mails through one server, and a new
 * connection for each costs a TCP and TLS handshake and a login, which many
 * providers also limit (too many logins or connections get a 421). Two
 * connections per server at most, a hundred messages each; the pool closes
 * once idle (poolIdleMs), so it keeps no process alive, and nodemailer never
 * re-sends a message on its own (the caller decides, and avoids duplicates).
 *
 * A message to several recipients is sent when any accepts it; `rejected`
 * lists the others. But when `to` itself is refused, this throws
 * recipient_refused: the mail did not reach the person it was for.
 */
export async function sendMail(
  settings: SmtpSettings,
  message: MailMessage,
  options: MailOptions = {},
): Promise<{ messageId: string; accepted: string[]; rejected: string[] }> {
  const pooled = pooledTransport(settings, { ...DEFAULTS, ...options });
  pooled.sending++;
  clearTimeout(pooled.idle);
  try {
    const info = await pooled.transport.sendMail({
      from: settings.fromName
        ? { name: settings.fromName, address: settings.fromAddress }
        : settings.fromAddress,
      to: message.to,
      bcc: message.bcc,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    });
    const accepted = info.accepted.map(address);
    const rejected = info.rejected.map(address);
    const to = message.to.toLowerCase();
    if (rejected.some((r) => r.toLowerCase() === to)) {
      const errors = (info as { rejectedErrors?: SmtpFailure[] }).rejectedErrors ?? [];
      const refusal = errors.find((e) => e.recipient?.toLowerCase() === to);
      throw mailError(
        refusal ??
          Object.assign(new Error("Recipient refused"), { code: "EENVELOPE", command: "RCPT TO" }),
      );
    }
    return { messageId: info.messageId, accepted, rejected };
  } catch (error) {
    throw error instanceof MailError ? error : mailError(error);
  } finally {
    if (--pooled.sending === 0) pooled.idle = idleClose(pooled);
  }
}

/** Connects, secures and logs in as sending would, then quits: sends nothing. */
export async function verifySmtp(settings: SmtpSettings, options: MailOptions = {}) {
  const transport = nodemailer.createTransport(
    transportOptions(settings, { ...DEFAULTS, ...options }),
  );
  try {
    await transport.verify();
  } catch (error) {
    throw mailError(error);
  } finally {
    transport.close();
  }
}

/** Closes every pooled connection now: on shutdown, and after tests. */
export function closeMailTransports() {
  for (const pooled of pools.values()) {
    clearTimeout(pooled.idle);
    pooled.transport.close();
  }
  pools.clear();
}

type Pooled = {
  transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  key: string;
  sending: number;
  idle?: NodeJS.Timeout;
  idleMs: number;
};

const pools = new Map<string, Pooled>();

function pooledTransport(settings: SmtpSettings, options: Required<MailOptions>): Pooled {
  // A digest as the key: no password sits in the map's keys.
  const key = createHash("sha256")
    .update(JSON.stringify([settings, options]))
    .digest("hex");
  let pooled = pools.get(key);
  if (!pooled) {
    const poolOptions: SMTPPool.Options & { maxRequeues: number } = {
      ...transportOptions(settings, options),
      pool: true,
      maxConnections: 2,
      maxMessages: 100,
      maxRequeues: 0,
    };
    const transport = nodemailer.createTransport(poolOptions);
    // Every failure reaches the sendMail that met it; this listener only keeps
    // a stray pool event from becoming an uncaught exception.
    transport.on("error", () => {});
    pooled = { transport, key, sending: 0, idleMs: options.poolIdleMs };
    pools.set(key, pooled);
  }
  return pooled;
}

function idleClose(pooled: Pooled) {
  const timer = setTimeout(() => {
    if (pools.get(pooled.key) === pooled) pools.delete(pooled.key);
    pooled.transport.close();
  }, pooled.idleMs);
  // The timer alone must not keep the process alive.
  timer.unref();
  return timer;
}

function transportOptions(
  settings: SmtpSettings,
  options: Required<MailOptions>,
): SMTPTransport.Options {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    // "starttls" fails when the server does not upgrade; "none" never tries.
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    // nodemailer sends the host name for SNI and checks the certificate against it.
    tls: { minVersion: "TLSv1.2" },
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.greetingTimeoutMs,
    socketTimeout: options.socketTimeoutMs,
    dnsTimeout: options.connectionTimeoutMs,
    // nodemailer logs nothing unless asked: keep it so, its debug log would show credentials.
    logger: false,
    debug: false,
  };
}

function address(entry: string | { address: string }) {
  return typeof entry === "string" ? entry : entry.address;
}

/** What nodemailer puts on its errors. */
type SmtpFailure = Error & {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  recipient?: string;
  rejectedErrors?: SmtpFailure[];
  /** OpenSSL's own words, for a TLS failure. */
  library?: string;
  reason?: string;
};

function mailError(error: unknown): MailError {
  const failure = (error instanceof Error ? error : new Error(String(error))) as SmtpFailure;
  const code = codeOf(failure);
  const answers = failure.rejectedErrors?.length ? failure.rejectedErrors : [failure];
  // 5xx is final, 4xx is "try later"; without an answer, what failed says.
  const permanent = answers.every((answer) =>
    answer.responseCode ? answer.responseCode >= 500 : !TRANSIENT.has(code),
  );
  return new MailError(code, permanent, messageOf(code, failure), { cause: error });
}

/** Failures that can pass without the server having answered: a timeout, a dropped connection. */
const TRANSIENT = new Set<MailErrorCode>(["connection", "timeout"]);

/** Answers that mean "log in first" or "bad login", whatever command met them. */
const AUTH_ANSWERS = new Set([530, 534, 535, 538]);

function codeOf(failure: SmtpFailure): MailErrorCode {
  if (failure.responseCode && AUTH_ANSWERS.has(failure.responseCode)) return "auth";
  switch (failure.code) {
    case "EAUTH":
    case "ENOAUTH":
      return "auth";
    case "ETIMEDOUT":
      return "timeout";
    case "ETLS":
      return "tls";
    case "ESOCKET":
      // A TLS handshake that failed (a certificate not trusted, TLS spoken to a
      // plain server) surfaces as a socket error.
      return failure.library === "SSL routines" || /certificate|SSL|TLS/i.test(failure.message)
        ? "tls"
        : "connection";
    case "EENVELOPE":
      if (failure.command === "MAIL FROM" || /sender/i.test(failure.message))
        return "sender_refused";
      if (failure.command === "RCPT TO" || /recipient/i.test(failure.message))
        return "recipient_refused";
      return "refused";
    case "EMESSAGE":
    case "EPROTOCOL":
      return failure.command === "CONN" ? "connection" : "refused";
    default:
      return "connection";
  }
}

const SUMMARIES: Record<MailErrorCode, string> = {
  connection: "Could not reach the mail server",
  timeout: "The mail server did not answer in time",
  auth: "The mail server refused the user name or password",
  recipient_refused: "The mail server refused the recipient",
  sender_refused: "The mail server refused the sender address",
  refused: "The mail server refused the message",
  tls: "Could not secure the connection to the mail server",
};

function messageOf(code: MailErrorCode, failure: SmtpFailure) {
  let detail = failure.message;
  if (failure.code === "ETLS" && failure.command === "STARTTLS")
    detail = `it does not offer STARTTLS (${failure.response ?? failure.message})`;
  else if (failure.library === "SSL routines" && failure.reason)
    detail = `${failure.reason} (does the port expect TLS from the start, or STARTTLS?)`;
  return `${SUMMARIES[code]}: ${detail}`;
}
