// End-to-end test of the npm package in a real browser against a real server.
//
// 1. packs bindings-wasm/pkg (scripts/build-wasm.sh) with `npm pack` and installs the tarball
//    into a fresh app folder, as an app would;
// 2. starts target/debug/sentc-server --dev on SQLite in that folder, on a loopback port;
// 3. serves the app folder (index.html, flow.js, worker.js) on another loopback port, so every
//    API call is cross-origin as in production;
// 4. drives headless Chromium (/usr/bin/chromium through playwright-core): the flow in the
//    page, a reload that must restore the user, and the flow in a Web Worker;
// 5. runs examples/browser (its serve.mjs) through its buttons with two users;
// 6. bundles a small app with Vite and with webpack (no plugin, no wasm config) and runs a
//    round trip in each.
//
// Usage: node bindings-wasm/e2e/run.mjs   (from anywhere; exit code 0 when everything held)
import { mkdtempSync, copyFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { recordingProxy, serveFiles, startDevServer, stopProcess } from "../tools/loopback.mjs";
import { launchChromium } from "../tools/chromium.mjs";
import { installPackage } from "../tools/install-package.mjs";
import { checkExample } from "./example.mjs";
import { checkBundlers } from "./bundlers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const serverBinary = join(root, "target", "debug", "sentc-server");

function say(text) {
  console.log(`e2e: ${text}`);
}

/** The app folder: the packed package installed with npm, and the test page. */
function prepareApp(work) {
  if (!existsSync(serverBinary)) {
    throw new Error(`${serverBinary} is missing: run cargo build -p sentc-server`);
  }
  const { app, tarball } = installPackage(work);
  for (const file of ["index.html", "flow.js", "worker.js"]) {
    copyFileSync(join(here, file), join(app, file));
  }
  say(`installed ${tarball} into a fresh app`);
  return app;
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

/** The passwords flow.js uses: none may reach the server, in a URL or a body. */
const PASSWORDS = ["alice's password", "bob's password", "a wrong password", "wrong password"];

/** Checks what the server was sent during the page's flow (sentc's deleteDevice among it). */
function checkSentRequests(requests) {
  for (const { method, url, body } of requests) {
    const seen = `${method} ${decodeURIComponent(url)} ${body}`;
    for (const password of PASSWORDS) {
      if (seen.includes(password) || seen.includes(JSON.stringify(password).slice(1, -1))) {
        throw new Error(`a password reached the server: ${method} ${url}`);
      }
    }
  }
  const deletion = "/api/v1/user/device/0123456789abcdef0123456789abcdef";
  if (!requests.some(({ method, url }) => method === "DELETE" && url === deletion)) {
    throw new Error(`the server saw no DELETE ${deletion} (sentc's deleteDevice(password, deviceId))`);
  }
  return [`${requests.length} requests: no password in any URL or body; deleteDevice sent the device id`];
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "sentc-e2e-"));
  let api;
  let site;
  let browser;
  let proxy;
  try {
    const app = prepareApp(work);
    api = await startDevServer(serverBinary, work);
    say(`sentc-server --dev at ${api.url}`);
    site = await serveFiles({ "/": app });
    say(`the app page at ${site.url}`);
    browser = await launchChromium();
    const context = await browser.newContext();
    // The page talks to the server through a recording proxy: the checks below read what the
    // server was sent, not what the page meant to send.
    proxy = await recordingProxy(api.url);
    const config = { base_url: proxy.url, app_token: api.token };
    const page = await openPage(context, `${site.url}/index.html`);

    const saved = await page.evaluate((c) => window.sentcE2e.run(c), { ...config, tag: "page" });
    report("page", saved);
    report("server", { log: checkSentRequests(proxy.requests) });

    await page.reload();
    await page.waitForFunction(() => window.sentcE2eReady === true, null, { timeout: 30000 });
    report("reload", await page.evaluate(([c, s]) => window.sentcE2e.restore(c, s), [config, saved]));
    report("no IndexedDB", await page.evaluate((c) => window.sentcE2e.fallback(c), config));

    report("worker", await page.evaluate((c) => window.sentcE2e.inWorker(c), { ...config, tag: "worker" }));
    report("examples/browser", { log: await checkExample(browser, work) });
    report("bundlers", { log: await checkBundlers(browser, app, config) });
    say("all checks held");
  } finally {
    await browser?.close();
    site?.server.close();
    proxy?.server.close();
    stopProcess(api);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`e2e: FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
