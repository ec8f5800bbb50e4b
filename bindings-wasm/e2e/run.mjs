// End-to-end test of the npm package in a real browser against a real server.
//
// 1. packs bindings-wasm/pkg (scripts/build-wasm.sh) with `npm pack` and installs the tarball
//    into a fresh app folder, as an app would;
// 2. starts target/debug/sentc-server --dev on SQLite in that folder, on a loopback port;
// 3. serves the app folder (index.html, flow.js, worker.js) on another loopback port, so every
//    API call is cross-origin as in production;
// 4. drives headless Chromium (/usr/bin/chromium through playwright-core): the flow in the
//    page, a reload that must restore the user, and the flow in a Web Worker.
//
// Usage: node bindings-wasm/e2e/run.mjs   (from anywhere; exit code 0 when everything held)
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, copyFileSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "../tools/node_modules/playwright-core/index.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const packageDir = join(root, "bindings-wasm", "pkg");
const serverBinary = join(root, "target", "debug", "sentc-server");
const chromiumPath = process.env.SENTC_CHROMIUM ?? "/usr/bin/chromium";

function say(text) {
  console.log(`e2e: ${text}`);
}

/** The app folder: the packed package installed with npm, and the test page. */
function prepareApp(work) {
  for (const needed of [join(packageDir, "package.json"), serverBinary]) {
    if (!existsSync(needed)) {
      throw new Error(`${needed} is missing: run scripts/build-wasm.sh and cargo build -p sentc-server`);
    }
  }
  const app = join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  const tarball = execFileSync("npm", ["pack", packageDir, "--pack-destination", work, "--silent"], {
    encoding: "utf8",
  }).trim().split("\n").pop();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "e2e-app", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(work, tarball)], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const file of ["index.html", "flow.js", "worker.js"]) {
    copyFileSync(join(here, file), join(app, file));
  }
  say(`installed ${tarball} into a fresh app`);
  return app;
}

/** Starts the dev server; resolves to its URL and the dev app's public token. */
function startServer(work) {
  return new Promise((resolve, reject) => {
    const server = spawn(
      serverBinary,
      ["--dev", "--listen", "127.0.0.1:0", "--database-url", `sqlite://${join(work, "sentc.db")}?mode=rwc`],
      { cwd: work, stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    let token;
    server.on("exit", (code) => reject(new Error(`sentc-server exited with ${code}: ${output}`)));
    server.stdout.on("data", (chunk) => {
      output += chunk;
      token ??= output.match(/public token:\s+(\S+)/)?.[1];
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (token && url) {
        resolve({ server, url, token });
      }
    });
  });
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain",
};

/** A static file server for the app folder. */
function serveApp(app) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(app, path === "/" ? "index.html" : path);
    if (!file.startsWith(app) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

async function openPage(context, url) {
  const page = await context.newPage();
  // Failed requests are expected (the flow checks error codes); other errors and warnings are shown.
  const show = (where) => (message) => {
    const text = message.text();
    if (["error", "warning"].includes(message.type()) && !text.startsWith("Failed to load resource")) {
      console.log(`${where} ${message.type()}: ${text}`);
    }
  };
  page.on("console", show("browser"));
  page.on("pageerror", (error) => console.log(`browser page error: ${error.message}`));
  page.on("worker", (worker) => worker.on("console", show("worker")));
  await page.goto(url);
  await page.waitForFunction(() => window.sentcE2eReady === true, null, { timeout: 30000 });
  return page;
}

function report(label, result) {
  for (const line of result.log) {
    say(`${label}: ${line}`);
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "sentc-e2e-"));
  let api;
  let site;
  let browser;
  try {
    const app = prepareApp(work);
    api = await startServer(work);
    say(`sentc-server --dev at ${api.url}`);
    site = await serveApp(app);
    say(`the app page at ${site.url}`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const context = await browser.newContext();
    const config = { base_url: api.url, app_token: api.token };
    const page = await openPage(context, `${site.url}/index.html`);

    const saved = await page.evaluate((c) => window.sentcE2e.run(c), { ...config, tag: "page" });
    report("page", saved);

    await page.reload();
    await page.waitForFunction(() => window.sentcE2eReady === true, null, { timeout: 30000 });
    report("reload", await page.evaluate(([c, s]) => window.sentcE2e.restore(c, s), [config, saved]));

    report("worker", await page.evaluate((c) => window.sentcE2e.inWorker(c), { ...config, tag: "worker" }));
    say("all checks held");
  } finally {
    await browser?.close();
    site?.server.close();
    if (api) {
      api.server.removeAllListeners("exit");
      api.server.kill();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`e2e: FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
