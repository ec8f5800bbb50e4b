// `node --test bindings-wasm/e2e/node.test.mjs`: the npm package in Node.js, installed into a
// fresh app from its tarball, against target/debug/sentc-server --dev on SQLite; the same flow
// as an ESM app and as a CommonJS app (e2e/node/flow.mjs), sentc's documented examples
// (e2e/node/docs-examples.mjs), both builds in one app (e2e/node/dual.mjs), and files in the
// app's own storage (e2e/node/own-storage.mjs).
import { test, before, after } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDevServer, stopProcess } from "../tools/loopback.mjs";
import { installPackage } from "../tools/install-package.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const serverBinary = join(here, "..", "..", "target", "debug", "sentc-server");
let work;
let app;
let server;

before(async () => {
  if (!existsSync(serverBinary)) {
    throw new Error(`${serverBinary} is missing: run cargo build -p sentc-server`);
  }
  work = mkdtempSync(join(tmpdir(), "sentc-node-e2e-"));
  ({ app } = installPackage(work));
  for (const file of ["flow.mjs", "app.mjs", "app.cjs", "docs-examples.mjs", "dual.mjs", "own-storage.mjs"]) {
    copyFileSync(join(here, "node", file), join(app, file));
  }
  server = await startDevServer(serverBinary, work);
});

after(() => {
  stopProcess(server);
  rmSync(work, { recursive: true, force: true });
});

function runApp(file, tag) {
  const config = { base_url: server.url, public_token: server.token, secret_token: server.secret, tag };
  return execFileSync(process.execPath, [file, JSON.stringify(config)], { cwd: app, encoding: "utf8" });
}

test("ESM: import Sentc from \"sentc\"", () => {
  const out = runApp("app.mjs", "esm");
  if (!out.includes("esm: the flow held")) throw new Error(out);
});

test("CommonJS: require(\"sentc\")", () => {
  const out = runApp("app.cjs", "cjs");
  if (!out.includes("cjs: the flow held")) throw new Error(out);
});

test("sentc's documented examples, as the docs write them", () => {
  const out = runApp("docs-examples.mjs", "docs");
  if (!out.includes("docs: every example held")) throw new Error(out);
});

test("ESM and CommonJS copies in one app: instanceof SentcError holds across them", () => {
  const out = runApp("dual.mjs", "dual");
  if (!out.includes("dual: both copies agree")) throw new Error(out);
});

test("files in the app's own storage (sentc's file_part_url)", () => {
  const out = runApp("own-storage.mjs", "own");
  if (!out.includes("own: the app's own storage held")) throw new Error(out);
});

test("every file the package's README links is in the package", () => {
  const packageDir = join(app, "node_modules", "sentc");
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const links = [...readme.matchAll(/\]\(([^)#:]+)\)/g)].map((match) => match[1]);
  if (links.length === 0) throw new Error("no relative links found");
  const missing = links.filter((link) => !existsSync(join(packageDir, link)));
  if (missing.length > 0) throw new Error(`linked but not shipped: ${missing.join(", ")}`);
});

// The browser SDK normalises with JavaScript's String.prototype.normalize, the native SDKs with
// Rust's unicode-normalization (core/tests/vectors.rs): both must give tests/vectors' bytes, so
// every SDK hashes a normalised value the same (the hashes themselves are replayed in the browser
// by bindings-wasm/tests/browser.rs).
test("String.prototype.normalize gives the normalised forms of tests/vectors/searchable.json", () => {
  const vectors = JSON.parse(readFileSync(join(here, "..", "..", "tests", "vectors", "searchable.json"), "utf8"));
  if (vectors.normalization.length !== 4) throw new Error("four normalisation cases expected");
  for (const { form, input, normalized } of vectors.normalization) {
    if (input.normalize(form) !== normalized) throw new Error(`${form} of ${JSON.stringify(input)}`);
  }
});
