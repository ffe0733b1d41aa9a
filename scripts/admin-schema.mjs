// The official Admin GraphQL schema, vendored from the npm package @shopify/dev-mcp.
//   node scripts/admin-schema.mjs refresh   fetch the package and update app/graphql/admin-<version>.json.gz
//   node scripts/admin-schema.mjs extract   write app/types/admin-<version>.schema.json for codegen
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const API_VERSION = "2026-10";
const DEV_MCP = process.env.DEV_MCP_VERSION ?? "1.16.0";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const vendored = path.join(root, `app/graphql/admin-${API_VERSION}.json.gz`);
const extracted = path.join(root, `app/types/admin-${API_VERSION}.schema.json`);

function refresh() {
  const dir = mkdtempSync(path.join(tmpdir(), "dev-mcp-"));
  try {
    execFileSync("npm", ["pack", `@shopify/dev-mcp@${DEV_MCP}`, "--silent"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = execFileSync("sh", ["-c", "ls *.tgz"], { cwd: dir }).toString().trim();
    execFileSync("tar", ["xzf", tarball, `package/dist/data/admin_${API_VERSION}.json.gz`], {
      cwd: dir,
    });
    copyFileSync(path.join(dir, `package/dist/data/admin_${API_VERSION}.json.gz`), vendored);
    const json = JSON.parse(gunzipSync(readFileSync(vendored)).toString());
    if (!json.data?.__schema) throw new Error("the package's schema file has no data.__schema");
    console.log(`updated ${path.relative(root, vendored)} from @shopify/dev-mcp@${DEV_MCP}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function extract() {
  if (existsSync(extracted) && statSync(extracted).mtimeMs >= statSync(vendored).mtimeMs) return;
  mkdirSync(path.dirname(extracted), { recursive: true });
  writeFileSync(extracted, gunzipSync(readFileSync(vendored)));
}

const command = process.argv[2];
if (command === "refresh") refresh();
else if (command === "extract") extract();
else {
  console.error("usage: node scripts/admin-schema.mjs refresh|extract");
  process.exit(2);
}
