/**
 * Reads what the simulator needs from a shopify.app.toml without a TOML
 * dependency: `[access_scopes] scopes`, `[webhooks] api_version` and
 * `[[webhooks.subscriptions]]` blocks with `topics` / `compliance_topics`
 * (string arrays, possibly over several lines) and `uri`. Other tables and
 * keys are skipped.
 */
export interface WebhookSubscription {
  topics: string[];
  uri: string;
  compliance?: boolean;
}

export interface WebhookConfig {
  apiVersion: string | null;
  subscriptions: WebhookSubscription[];
  /** `[access_scopes] scopes`, comma-separated as written (what token exchange grants), or null. */
  scopes: string | null;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") return line.slice(0, i);
  }
  return line;
}

function parseStrings(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return out;
}

export function parseWebhookToml(text: string): WebhookConfig {
  const config: WebhookConfig = { apiVersion: null, subscriptions: [], scopes: null };
  let table = "";
  let current: { topics: string[]; compliance: string[]; uri: string | null } | null = null;
  const flush = () => {
    if (current?.uri) {
      if (current.topics.length)
        config.subscriptions.push({ topics: current.topics, uri: current.uri });
      if (current.compliance.length)
        config.subscriptions.push({
          topics: current.compliance,
          uri: current.uri,
          compliance: true,
        });
    }
    current = null;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (!line) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      flush();
      table = header[1]!;
      if (line.startsWith("[[") && table === "webhooks.subscriptions")
        current = { topics: [], compliance: [], uri: null };
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    // Arrays may continue over several lines.
    if (value.startsWith("[")) {
      while (!value.includes("]") && i + 1 < lines.length)
        value += " " + stripComment(lines[++i]!).trim();
    }
    if (table === "webhooks" && key === "api_version")
      config.apiVersion = parseStrings(value)[0] ?? null;
    if (table === "access_scopes" && key === "scopes")
      config.scopes = (parseStrings(value)[0] ?? "").replace(/\s+/g, "");
    if (!current) continue;
    if (key === "topics") current.topics = parseStrings(value);
    else if (key === "compliance_topics") current.compliance = parseStrings(value);
    else if (key === "uri") current.uri = parseStrings(value)[0] ?? null;
  }
  flush();
  return config;
}
