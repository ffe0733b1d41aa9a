import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FORM_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
  bodyLimitFor,
  limitBodies,
  loggableUrl,
} from "./body-limits.mjs";
import { BodyTooLargeError, readForm, readText } from "./body.server";

/** A body that fails the test if more than `allowed` bytes are ever read from it. */
function stream(bytes: number, { allowed = Infinity } = {}) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      if (sent > allowed) throw new Error(`read ${sent} bytes, more than ${allowed}`);
      const chunk = new Uint8Array(Math.min(64 * 1024, bytes - sent)).fill(97);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`https://patron.test${path}`, {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("request bodies", () => {
  it("limits by route: webhooks, upload routes, everything else", () => {
    expect(bodyLimitFor("/webhooks/orders/create")).toBe(WEBHOOK_BODY_LIMIT);
    expect(bodyLimitFor("/app/audiences/upload")).toBeGreaterThan(WEBHOOK_BODY_LIMIT);
    expect(bodyLimitFor("/app/jobs/1")).toBe(FORM_BODY_LIMIT);
  });

  it("GIVEN a declared length over the limit THEN refuses before reading a byte", async () => {
    const request = post("/webhooks/x", stream(10, { allowed: 0 }), {
      "Content-Length": String(WEBHOOK_BODY_LIMIT + 1),
    });
    await expect(readText(request)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("GIVEN a body without a length that goes past the limit THEN stops reading just past it", async () => {
    const request = post(
      "/webhooks/x",
      stream(WEBHOOK_BODY_LIMIT * 4, { allowed: WEBHOOK_BODY_LIMIT + 128 * 1024 }),
    );
    await expect(readText(request)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("reads a body within the limit", async () => {
    expect(await readText(post("/webhooks/x", "héllo"))).toBe("héllo");
  });

  it("GIVEN an oversized form THEN answers 413; GIVEN a body that is no form THEN 400; else its fields", async () => {
    const big = post("/app/jobs/1", stream(FORM_BODY_LIMIT * 2), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    await expect(readForm(big)).rejects.toMatchObject({ status: 413 });
    const garbage = post("/app/jobs/1", "--x\r\nnot multipart", {
      "Content-Type": "multipart/form-data; boundary=y",
    });
    await expect(readForm(garbage)).rejects.toMatchObject({ status: 400 });
    const form = await readForm(post("/app/jobs/1", new URLSearchParams({ intent: "pause" })));
    expect(form.get("intent")).toBe("pause");
  });

  it("keeps session tokens, HMACs and signatures out of access-log lines", () => {
    expect(
      loggableUrl("/app?embedded=1&id_token=eyJhbGci.x.y&shop=s.myshopify.com&hmac=abc&host=aGk"),
    ).toBe(
      "/app?embedded=1&id_token=%5Bredacted%5D&shop=s.myshopify.com&hmac=%5Bredacted%5D&host=aGk",
    );
    expect(loggableUrl("/auth/callback?code=secret&state=s2")).not.toMatch(/secret|s2/);
    expect(loggableUrl("/app/jobs")).toBe("/app/jobs");
  });
});

describe("the production server's body gate", () => {
  let port = 0;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.use(limitBodies);
    app.post("*", (_req, res) => void res.status(204).end());
    const server = app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });
  afterAll(() => close());

  /** Sends headers only, then waits for the answer: an early refusal needs no body. */
  function send(path: string, headers: Record<string, string>) {
    return new Promise<number>((resolve, reject) => {
      const req = httpRequest({ port, path, method: "POST", headers }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
      if (headers["Content-Length"] === "0") req.end();
    });
  }

  it("answers 413 to a declared body over the route's limit, before it is sent", async () => {
    expect(
      await send("/webhooks/app/uninstalled", { "Content-Length": String(WEBHOOK_BODY_LIMIT + 1) }),
    ).toBe(413);
    expect(await send("/app/jobs/1", { "Content-Length": String(FORM_BODY_LIMIT + 1) })).toBe(413);
  });

  it("answers 411 to a body with no declared length", async () => {
    expect(await send("/app/jobs/1", { "Transfer-Encoding": "chunked" })).toBe(411);
  });

  it("lets a body within the limit through", async () => {
    expect(await send("/app/jobs/1", { "Content-Length": "0" })).toBe(204);
  });
});
