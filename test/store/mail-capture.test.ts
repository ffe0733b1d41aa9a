import nodemailer from "nodemailer";
import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { capturedMail, startMailCapture, type MailCapture } from "./mail-capture";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { API_KEY, API_SECRET, type Json } from "./testing";

let mail: MailCapture;
beforeAll(async () => {
  mail = await startMailCapture();
});
afterAll(() => mail.stop());
beforeEach(() => mail.clear());

const transport = (auth?: { user: string; pass: string }) =>
  nodemailer.createTransport({ host: mail.host, port: mail.port, secure: false, auth });

describe("the SMTP capture", () => {
  it("GIVEN a client logging in with any user and password THEN the message is kept with from, to, cc, bcc, subject, text, html, date and size", async () => {
    await transport({ user: "merchant", pass: "whatever" }).sendMail({
      from: '"Patron Demo Store" <shop@demo.example>',
      to: "Åsa Öberg <asa@example.se>",
      cc: "cc@example.com",
      bcc: "hidden@example.com",
      subject: "Välkommen — sign in to your account ✓",
      text: "Hej Åsa,\nsign in: https://shopify.com/1/account",
      html: "<p>Hej Åsa, <a href='https://shopify.com/1/account'>sign in</a></p>",
      date: new Date("2026-06-01T12:00:00Z"),
    });
    const [m] = mail.messages();
    expect(m).toMatchObject({
      from: "Patron Demo Store <shop@demo.example>",
      to: ["Åsa Öberg <asa@example.se>"],
      cc: ["cc@example.com"],
      bcc: ["hidden@example.com"],
      subject: "Välkommen — sign in to your account ✓",
      text: "Hej Åsa,\nsign in: https://shopify.com/1/account",
      html: "<p>Hej Åsa, <a href='https://shopify.com/1/account'>sign in</a></p>",
      date: "2026-06-01T12:00:00.000Z",
      user: "merchant",
      envelope: {
        from: "shop@demo.example",
        to: ["asa@example.se", "cc@example.com", "hidden@example.com"],
      },
      attachments: [],
    });
    expect(m!.size).toBeGreaterThan(300);
    expect(mail.url).toBe(`smtp://127.0.0.1:${mail.port}`);
  });

  it("GIVEN a client without login, long quoted-printable text and an attachment THEN it is accepted and parsed", async () => {
    const long = "Lorem ipsum dolor sit amet, ".repeat(20) + "é";
    await transport().sendMail({
      from: "shop@demo.example",
      to: "a@example.com, b@example.com",
      subject: "Plain",
      text: long,
      attachments: [{ filename: "invite.txt", content: "hello" }],
    });
    const [m] = mail.messages();
    expect(m).toMatchObject({
      to: ["a@example.com", "b@example.com"],
      subject: "Plain",
      text: long,
      html: null,
      user: null,
      attachments: [{ filename: "invite.txt", contentType: "text/plain", size: 5 }],
    });
  });

  it("GIVEN several messages THEN messages() keeps them in arrival order and clear() empties it", async () => {
    const t = transport();
    for (const n of [1, 2, 3])
      await t.sendMail({ from: "s@x.com", to: `r${n}@x.com`, subject: `#${n}`, text: "x" });
    expect(mail.messages().map((m) => m.subject)).toEqual(["#1", "#2", "#3"]);
    mail.clear();
    expect(mail.messages()).toEqual([]);
  });

  it("GIVEN a raw message with encoded words and base64 html THEN capturedMail decodes them", () => {
    const raw = Buffer.from(
      [
        "From: =?utf-8?B?UMOkdHJvbg==?= <p@x.com>",
        "To: r@x.com",
        "Subject: =?iso-8859-1?Q?Caf=E9_cr=E8me?=",
        'Content-Type: multipart/alternative; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("<b>Pâtron</b>").toString("base64"),
        "--b1--",
        "",
      ].join("\r\n"),
    );
    const m = capturedMail(raw, { from: "p@x.com", to: ["r@x.com"] }, null, new Date(0));
    expect(m).toMatchObject({
      from: "Pätron <p@x.com>",
      subject: "Café crème",
      html: "<b>Pâtron</b>",
      text: null,
      bcc: [],
      date: "1970-01-01T00:00:00.000Z",
    });
  });
});

describe("the control API", () => {
  let sim: StoreSimulator;
  beforeAll(async () => {
    sim = await startStoreSimulator({
      appUrl: "http://127.0.0.1:9",
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shops: [{ domain: "demo", seed: false }],
    });
  });
  afterAll(() => sim.stop());

  const control = async (method: "GET" | "POST", path: string) => {
    const res = await request(`${sim.url}/__simulator${path}`, {
      method,
      headers: method === "POST" ? { "content-type": "application/json" } : {},
      body: method === "POST" ? "{}" : undefined,
    });
    return { status: res.statusCode, json: (await res.body.json()) as Json };
  };

  it("GIVEN no capture attached THEN GET /mail answers 404 with a reason", async () => {
    sim.simulator.mail = null;
    const res = await control("GET", "/mail");
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/No mail capture is running/);
  });

  it("GIVEN a capture attached THEN GET /mail lists messages newest first with the SMTP address, GET /mail/:id reads one, POST /mail/clear empties", async () => {
    sim.simulator.mail = mail;
    const t = transport();
    await t.sendMail({ from: "s@x.com", to: "first@x.com", subject: "First", text: "1" });
    await t.sendMail({ from: "s@x.com", to: "second@x.com", subject: "Second", html: "<p>2</p>" });
    const list = await control("GET", "/mail");
    expect(list.json.smtp).toEqual({ host: mail.host, port: mail.port, url: mail.url });
    expect(list.json.messages.map((m: Json) => [m.subject, m.to])).toEqual([
      ["Second", ["second@x.com"]],
      ["First", ["first@x.com"]],
    ]);
    const one = await control("GET", `/mail/${list.json.messages[0].id}`);
    expect(one.json).toMatchObject({ subject: "Second", html: "<p>2</p>" });
    expect((await control("GET", "/mail/nope")).status).toBe(404);
    expect((await control("POST", "/mail/clear")).json).toEqual({ ok: true });
    expect((await control("GET", "/mail")).json.messages).toEqual([]);
  });
});
