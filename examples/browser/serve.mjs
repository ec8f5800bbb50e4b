// Serves the browser example beside a sentc dev server:
//   - target/debug/sentc-server --dev on SQLite in target/browser-example (kept between runs,
//     so users and groups survive a restart), on a free loopback port;
//     SENTC_EXAMPLE_DATA picks another folder;
//   - this folder on http://127.0.0.1:8080 (--port N to change), the npm package build
//     (bindings-wasm/pkg) under /sentc/, and /config.json with the server's address and the
//     dev app's public token.
// Run it through examples/browser/run.sh, which builds both first. Ctrl-C stops both.
import { mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFiles, startDevServer, stopProcess } from "../../bindings-wasm/tools/loopback.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const packageDir = join(root, "bindings-wasm", "pkg");
const serverBinary = join(root, "target", "debug", "sentc-server");
const portArgument = process.argv.indexOf("--port");
const port = portArgument > 0 ? Number(process.argv[portArgument + 1]) : 8080;

for (const needed of [join(packageDir, "web", "index.js"), serverBinary]) {
  if (!existsSync(needed)) {
    console.error(`${needed} is missing: run examples/browser/run.sh`);
    process.exit(1);
  }
}
const data = process.env.SENTC_EXAMPLE_DATA ?? join(root, "target", "browser-example");
mkdirSync(data, { recursive: true });
const api = await startDevServer(serverBinary, data);
const config = { base_url: api.url, app_token: api.token };
const site = await serveFiles(
  { "/": here, "/sentc/": packageDir },
  { port, routes: { "/config.json": () => config } },
);
const stop = () => {
  stopProcess(api);
  site.server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
console.log(`sentc-server --dev: ${api.url} (data in ${data})`);
console.log(`open ${site.url}/?profile=alice and ${site.url}/?profile=bob`);
