// Checks that an app bundled with Vite (no configuration, no wasm plugin) can use the package:
// builds e2e/vite-app inside the app folder (so "sentc" resolves to the installed tarball),
// serves the build and runs a register → group → encrypt → decrypt round trip in it.
import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFiles } from "../tools/loopback.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const vite = join(here, "..", "tools", "node_modules", "vite", "bin", "vite.js");

/** Returns the lines to report; `app` is the folder where the npm package is installed. */
export async function checkVite(browser, app, config) {
  const root = join(app, "vite-app");
  cpSync(join(here, "vite-app"), root, { recursive: true });
  execFileSync("node", [vite, "build", "--logLevel", "warn", "--outDir", "dist"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const site = await serveFiles({ "/": join(root, "dist") });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.log(`vite page error: ${error.message}`));
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => window.sentcViteReady === true, null, { timeout: 30000 });
    const text = await page.evaluate((c) => window.sentcViteCheck(c), config);
    if (text !== "hello from a vite build") {
      throw new Error(`vite: the round trip returned ${JSON.stringify(text)}`);
    }
    await page.close();
  } finally {
    site.server.close();
  }
  return ["vite build of an app importing \"sentc\": register, group, encrypt and decrypt"];
}
