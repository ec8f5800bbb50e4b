// Checks that apps bundled with Vite and with webpack 5 (no configuration beyond the entry, no
// wasm plugin or loader) can use the package: builds e2e/bundled-app inside the app folder (so
// "sentc" resolves to the installed tarball), serves the build and runs a register → group →
// encrypt → decrypt round trip in it.
import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { serveFiles } from "../tools/loopback.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const tools = join(here, "..", "tools");
const vite = join(tools, "node_modules", "vite", "bin", "vite.js");
// webpack's Node API, from the tools folder where scripts/browser-tools.sh installed it.
const webpack = createRequire(join(tools, "package.json"))("webpack");

function buildWithVite(root) {
  execFileSync("node", [vite, "build", "--logLevel", "warn", "--outDir", "dist"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** webpack's defaults (production mode): `new URL("…wasm", import.meta.url)` becomes an asset. */
async function buildWithWebpack(root) {
  const stats = await new Promise((resolve, reject) => {
    webpack(
      { mode: "production", context: root, entry: "./main.js", output: { path: join(root, "dist") } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  if (stats.hasErrors()) {
    throw new Error(`webpack: ${stats.toString({ all: false, errors: true })}`);
  }
  cpSync(join(root, "index.html"), join(root, "dist", "index.html"));
}

const BUNDLERS = [
  { name: "vite", build: buildWithVite },
  { name: "webpack", build: buildWithWebpack },
];

/** Returns the lines to report; `app` is the folder where the npm package is installed. */
export async function checkBundlers(browser, app, config) {
  const lines = [];
  for (const { name, build } of BUNDLERS) {
    const root = join(app, `bundled-app-${name}`);
    cpSync(join(here, "bundled-app"), root, { recursive: true });
    await build(root);
    await roundTrip(browser, join(root, "dist"), config, name);
    lines.push(`${name} build of an app importing "sentc": register, group, encrypt and decrypt`);
  }
  return lines;
}

async function roundTrip(browser, dist, config, name) {
  const site = await serveFiles({ "/": dist });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.log(`${name} page error: ${error.message}`));
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => window.sentcBundledReady === true, null, { timeout: 30000 });
    const text = await page.evaluate((c) => window.sentcBundledCheck(c), config);
    if (text !== "hello from a bundled app") {
      throw new Error(`${name}: the round trip returned ${JSON.stringify(text)}`);
    }
    await page.close();
  } finally {
    site.server.close();
  }
}
