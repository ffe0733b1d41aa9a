import { type AddressInfo, type Socket, createServer } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  MailError,
  type SmtpSettings,
  closeMailTransports,
  sendMail,
  verifySmtp,
} from "./mail.server";

type Received = { from: string; to: string[]; raw: string };

const servers: { close(): Promise<void> }[] = [];

/** A real SMTP server on a random port, keeping what it receives. */
async function smtpServer(options: SMTPServerOptions = {}) {
  const received: Received[] = [];
  const stats = { connections: 0, open: 0, logins: 0 };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onConnect(_session, callback) {
      stats.connections++;
      stats.open++;
      callback();
    },
    onClose() {
      stats.open--;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  const handle = {
    port,
    received,
    stats,
    settings: (more: Partial<SmtpSettings> = {}): SmtpSettings => ({
      host: "127.0.0.1",
      port,
      security: "none",
      user: null,
      password: null,
      fromAddress: "shop@boutique.example",
      fromName: null,
      ...more,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(handle);
  return handle;
}

/** An SMTP answer from a server handler: `code text`. */
const answer = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

/** The error a promise fails with (the test fails if it does not). */
async function failure(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

/** The headers and the decoded text and HTML parts of a raw message. */
function readMessage(raw: string) {
  const [head = "", ...rest] = raw.split("\r\n\r\n");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get("content-type") ?? "")?.[1];
  const parts: Record<string, string> = {};
  for (const part of rest.join("\r\n\r\n").split(`--${boundary}`)) {
    const [partHead = "", ...body] = part.split("\r\n\r\n");
    const type = /content-type:\s*([\w/]+)/i.exec(partHead)?.[1];
    if (!type) continue;
    const content = body.join("\r\n\r\n").replace(/\r\n$/, "");
    parts[type] = /quoted-printable/i.test(partHead)
      ? quotedPrintable(content)
      : /base64/i.test(partHead)
        ? Buffer.from(content, "base64").toString("utf8")
        : content;
  }
  return { headers, text: parts["text/plain"], html: parts["text/html"] };
}

function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : quotedPrintable(text.replace(/_/g, " ")),
    );
}

function quotedPrintable(text: string) {
  const joined = text.replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++)
    if (joined[i] === "=") {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  return Buffer.from(bytes).toString("utf8").replace(/\r\n/g, "\n");
}

async function until(condition: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

afterEach(() => closeMailTransports());
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const invitation = {
  to: "zoe@client.example",
  subject: "Votre compte client — Boutique Åsa & Søn",
  text: "Bonjour Zoé,\nActivez votre compte : https://boutique.example/account?invite=1&lang=fr\n",
  html: '<p>Bonjour Zoé, <a href="https://boutique.example/account?invite=1&amp;lang=fr">activez votre compte</a>.</p>',
};

describe("sendMail", () => {
  it("GIVEN a server that requires a login THEN the message arrives as sent: sender, recipients, Bcc kept out of the headers, text and HTML", async () => {
    const server = await smtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        server.stats.logins++;
        if (auth.username === "shop" && auth.password === "s3cret ñ")
          return callback(null, { user: "shop" });
        callback(answer(535, "Authentication credentials invalid"));
      },
    });
    const settings = server.settings({
      user: "shop",
      password: "s3cret ñ",
      fromName: "Boutique Åsa",
    });

    const sent = await sendMail(settings, {
      ...invitation,
      bcc: ["owner@boutique.example"],
      replyTo: "help@boutique.example",
      headers: { "X-Patron-Invitation": "inv_123" },
    });

    expect(sent.accepted).toEqual(["zoe@client.example", "owner@boutique.example"]);
    expect(sent.rejected).toEqual([]);
    expect(server.stats.logins).toBe(1);
    const [received] = server.received;
    expect(received).toMatchObject({
      from: "shop@boutique.example",
      to: ["zoe@client.example", "owner@boutique.example"],
    });
    const message = readMessage(received!.raw);
    expect(message.headers.get("subject")).toBe(invitation.subject);
    expect(message.headers.get("from")).toBe("Boutique Åsa <shop@boutique.example>");
    expect(message.headers.get("to")).toBe("zoe@client.example");
    expect(message.headers.get("reply-to")).toBe("help@boutique.example");
    expect(message.headers.get("x-patron-invitation")).toBe("inv_123");
    expect(message.headers.get("message-id")).toBe(sent.messageId);
    expect(message.headers.has("bcc")).toBe(false);
    expect(message.text).toBe(invitation.text);
    expect(message.html).toBe(invitation.html);
  });

  it("GIVEN a wrong password THEN auth, permanent, with the server's answer and never the password", async () => {
    const server = await smtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (_auth, _session, callback) =>
        callback(answer(535, "5.7.8 Username and Password not accepted")),
    });
    const settings = server.settings({ user: "shop", password: "wr0ng-Pa55" });
    for (const error of [
      await failure(sendMail(settings, invitation)),
      await failure(verifySmtp(settings)),
    ]) {
      expect(error).toMatchObject({ code: "auth", permanent: true });
      expect(error.message).toMatch(/535 5\.7\.8 Username and Password not accepted/);
      expect(`${error.message} ${String(error.cause)} ${JSON.stringify(error)}`).not.toContain(
        "wr0ng-Pa55",
      );
    }
    expect(server.received).toEqual([]);
  });

  it("GIVEN a server that requires a login and settings without a user THEN auth, permanent", async () => {
    const server = await smtpServer({ authOptional: false, allowInsecureAuth: true });
    const error = await failure(sendMail(server.settings(), invitation));
    expect(error).toMatchObject({ code: "auth", permanent: true });
    expect(error.message).toMatch(/530 .*authentication required/i);
  });

  it("GIVEN the server refuses the recipient (550) THEN recipient_refused, permanent", async () => {
    const server = await smtpServer({
      onRcptTo: (_address, _session, callback) => callback(answer(550, "5.1.1 No such user here")),
    });
    const error = await failure(sendMail(server.settings(), invitation));
    expect(error).toMatchObject({ code: "recipient_refused", permanent: true });
    expect(error.message).toMatch(/550 5\.1\.1 No such user here/);
  });

  it("GIVEN a temporary refusal (451) THEN recipient_refused, transient", async () => {
    const server = await smtpServer({
      onRcptTo: (_address, _session, callback) =>
        callback(answer(451, "4.7.1 Greylisted, try again later")),
    });
    const error = await failure(sendMail(server.settings(), invitation));
    expect(error).toMatchObject({ code: "recipient_refused", permanent: false });
    expect(error.message).toMatch(/451 4\.7\.1 Greylisted/);
  });

  it("GIVEN the recipient refused but the Bcc accepted THEN still recipient_refused: the mail missed its reader", async () => {
    const server = await smtpServer({
      onRcptTo: (address, _session, callback) =>
        callback(address.address.startsWith("zoe@") ? answer(550, "No such user") : undefined),
    });
    const error = await failure(
      sendMail(server.settings(), { ...invitation, bcc: ["owner@boutique.example"] }),
    );
    expect(error).toMatchObject({ code: "recipient_refused", permanent: true });
  });

  it("GIVEN only a Bcc refused THEN sent, the Bcc listed as rejected", async () => {
    const server = await smtpServer({
      onRcptTo: (address, _session, callback) =>
        callback(address.address.startsWith("owner@") ? answer(550, "No such user") : undefined),
    });
    const sent = await sendMail(server.settings(), {
      ...invitation,
      bcc: ["owner@boutique.example"],
    });
    expect(sent).toMatchObject({
      accepted: ["zoe@client.example"],
      rejected: ["owner@boutique.example"],
    });
  });

  it("GIVEN the sender refused (553) THEN sender_refused, permanent; GIVEN the message refused after DATA (554) THEN refused", async () => {
    const sender = await smtpServer({
      onMailFrom: (_address, _session, callback) =>
        callback(answer(553, "5.7.1 Sender address rejected: not owned by user")),
    });
    expect(await failure(sendMail(sender.settings(), invitation))).toMatchObject({
      code: "sender_refused",
      permanent: true,
      message: expect.stringMatching(/553 5\.7\.1 Sender address rejected/),
    });
    const content = await smtpServer({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => callback(answer(554, "5.7.1 Message rejected as spam")));
      },
    });
    expect(await failure(sendMail(content.settings(), invitation))).toMatchObject({
      code: "refused",
      permanent: true,
      message: expect.stringMatching(/554 5\.7\.1 Message rejected as spam/),
    });
  });

  it("GIVEN several messages to one server THEN one pooled connection carries them, closed once idle", async () => {
    const server = await smtpServer();
    const settings = server.settings();
    for (let i = 0; i < 3; i++) await sendMail(settings, invitation, { poolIdleMs: 300 });
    await Promise.all(
      Array.from({ length: 6 }, () => sendMail(settings, invitation, { poolIdleMs: 300 })),
    );
    expect(server.received).toHaveLength(9);
    expect(server.stats.connections).toBeLessThanOrEqual(2);
    expect(server.stats.open).toBeGreaterThan(0);
    expect(await until(() => server.stats.open === 0)).toBe(true);
  });
});

describe("verifySmtp", () => {
  it("GIVEN good settings THEN logs in and sends nothing", async () => {
    const server = await smtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(_auth, _session, callback) {
        server.stats.logins++;
        callback(null, { user: "shop" });
      },
    });
    await verifySmtp(server.settings({ user: "shop", password: "s3cret" }));
    expect(server.stats.logins).toBe(1);
    expect(server.received).toEqual([]);
    expect(await until(() => server.stats.open === 0)).toBe(true);
  });

  it("GIVEN a server that accepts the connection but never greets THEN timeout, transient, within the timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as AddressInfo).port;
    const settings: SmtpSettings = {
      host: "127.0.0.1",
      port,
      security: "none",
      user: null,
      password: null,
      fromAddress: "shop@boutique.example",
      fromName: null,
    };
    try {
      const started = Date.now();
      const error = await failure(verifySmtp(settings, { greetingTimeoutMs: 300 }));
      expect(error).toMatchObject({ code: "timeout", permanent: false });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(
        await failure(sendMail(settings, invitation, { greetingTimeoutMs: 300 })),
      ).toMatchObject({ code: "timeout", permanent: false });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("GIVEN nothing listening on the port THEN connection, transient", async () => {
    const server = await smtpServer();
    const settings = server.settings();
    await server.close();
    const error = await failure(verifySmtp(settings));
    expect(error).toMatchObject({ code: "connection", permanent: false });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("GIVEN security 'starttls' and a server without STARTTLS THEN tls, permanent, saying so", async () => {
    const server = await smtpServer({ disabledCommands: ["STARTTLS"] });
    const error = await failure(verifySmtp(server.settings({ security: "starttls" })));
    expect(error).toMatchObject({ code: "tls", permanent: true });
    expect(error.message).toMatch(/does not offer STARTTLS/);
  });

  it("GIVEN security 'tls' and a server that speaks plain SMTP THEN tls, permanent", async () => {
    const server = await smtpServer();
    const error = await failure(verifySmtp(server.settings({ security: "tls" })));
    expect(error).toMatchObject({ code: "tls", permanent: true });
  });

  it("GIVEN STARTTLS with a certificate nobody vouches for THEN tls, permanent, naming the certificate", async () => {
    // smtp-server's built-in certificate is self-signed.
    const server = await smtpServer({ disabledCommands: [] });
    const error = await failure(verifySmtp(server.settings({ security: "starttls" })));
    expect(error).toMatchObject({ code: "tls", permanent: true });
    expect(error.message).toMatch(/certificate/);
  });
});
