import { z } from "zod";
import { databaseTarget } from "./db/database-url";

// Every setting the server reads, validated once at boot. A bad or missing value
// stops the process with a message naming each one, never a half-working app.
const hint: Record<string, string> = {
  SHOPIFY_API_KEY: "the app's client id (Partner Dashboard, or `shopify app env show`)",
  SHOPIFY_API_SECRET: "the app's client secret (Partner Dashboard, or `shopify app env show`)",
  SHOPIFY_APP_URL: "the public https URL of this app (Shopify CLI sets it in development)",
  PATRON_ENCRYPTION_KEY: "generate one with `openssl rand -base64 32`",
};

const optionalUrl = (protocols: RegExp, what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || protocols.test(v), { message: `must be ${what}` });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().trim().min(1, "is missing"),
  SHOPIFY_API_SECRET: z.string().trim().min(1, "is missing"),
  SHOPIFY_APP_URL: z.string().trim().url("must be a URL such as https://patron.example.com"),
  SCOPES: z.string().trim().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().trim().optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .superRefine((v, ctx) => {
      try {
        databaseTarget(v);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      }
    }),
  REDIS_URL: optionalUrl(/^rediss?:\/\//, "a redis:// or rediss:// URL"),
  APP_BRIDGE_URL: optionalUrl(/^https?:\/\//, "an http(s) URL of the App Bridge script"),
  PATRON_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // 32 bytes (base64 or hex) that encrypt personal data and secrets at rest
  // (mail server passwords, uploaded email lists, backups).
  PATRON_ENCRYPTION_KEY: z
    .string()
    .trim()
    .optional()
    .refine(
      (v) => v === undefined || /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, "base64").length === 32,
      {
        message: "must be 32 bytes, as 64 hex digits or base64",
      },
    ),
  // Signs the links of sign-in invitation mails (click tracking); default: derived from the app secret.
  PATRON_LINK_SECRET: z.string().trim().min(16).optional(),
  // The demo's local mail capture, offered as the mail server in Settings.
  DEMO_SMTP_URL: optionalUrl(/^smtp:\/\//, "an smtp:// URL"),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Patron cannot start: invalid environment\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const missing = source[name] === undefined || source[name]?.trim() === "";
    const message = missing && issue.code !== "custom" ? "is missing" : issue.message;
    return `${name} ${message}${hint[name] ? ` — ${hint[name]}` : ""}`;
  });
  throw new EnvError(problems);
}

function loadOrExit(): Env {
  try {
    return loadEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // A plain message for whoever starts the server, not a stack trace.
    console.error(error.message);
    process.exit(1);
  }
}

export const env = loadOrExit();
