// The JS memory of a page while the npm package uploads and then downloads (as a stream) a
// 256 MiB file, in headless Chromium against sentc-server --dev on loopback: the JS heap in use
// plus the ArrayBuffer backing stores (chunks, the WebAssembly memory), sampled every 50 ms over
// the DevTools protocol (Runtime.getHeapUsage); the figure is the peak above what the page held
// before the transfer. The file is a Blob of 64 parts of 4 MiB built from
// one array, so building it costs the page 4 MiB, not 256.
//
// Usage (after scripts/build-wasm.sh and cargo build --release -p sentc-server):
//   node bindings-wasm/bench/file-memory.mjs
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFiles, startDevServer, stopProcess } from "../tools/loopback.mjs";
import { launchChromium } from "../tools/chromium.mjs";
import { installPackage } from "../tools/install-package.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const server = join(here, "..", "..", "target", "release", "sentc-server");
const MIB = 1024 * 1024;
/** File sizes in MiB: the same peak for both shows memory bounded by chunks, not the file. */
const SIZES = [64, 256];

const page = `<!doctype html><script type="module">
import Sentc from "./node_modules/sentc/web/index.js";
window.transfer = async ({ base_url, app_token, fileMib }) => {
  await Sentc.init({ base_url, app_token, storage: "memory" });
  await Sentc.register("heap-" + fileMib, "heap password");
  const user = (await Sentc.login("heap-" + fileMib, "heap password", true));
  const group = await user.getGroup(await user.createGroup());
  const chunk = new Uint8Array(${4 * MIB}).map((_, index) => index % 251);
  const file = new File(new Array(fileMib / 4).fill(chunk), "big.bin");
  window.phase = "upload";
  const started = performance.now();
  const created = await group.createFile(file);
  const uploadMs = performance.now() - started;
  window.phase = "download";
  const downloadStarted = performance.now();
  const { stream } = await group.downloadFileStream(created.file_id);
  let bytes = 0;
  for (const reader = stream.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  const downloadMs = performance.now() - downloadStarted;
  window.phase = "done";
  return { bytes, uploadMs, downloadMs };
};
window.ready = true;
</script>`;

/** The page's JS heap in use plus the backing stores of its ArrayBuffers (file chunks, the
 * WebAssembly memory), which V8 keeps outside the heap. */
async function heapUsed(cdp) {
  const usage = await cdp.send("Runtime.getHeapUsage");
  if (usage.backingStorageSize === undefined) throw new Error("this Chromium reports no backingStorageSize");
  return usage.usedSize + usage.backingStorageSize;
}

/**
 * One transfer of a `fileMib` file. Each sample first collects garbage, so it counts what the
 * page still holds (chunks in flight, the WebAssembly memory), not buffers awaiting collection.
 */
async function measure(tab, cdp, config) {
  await tab.evaluate(() => {
    window.phase = "idle";
    globalThis.gc();
  });
  const before = await heapUsed(cdp);
  const peaks = { upload: before, download: before };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const phase = await tab.evaluate(() => {
        globalThis.gc();
        return window.phase;
      });
      const used = await heapUsed(cdp);
      if (peaks[phase] !== undefined) peaks[phase] = Math.max(peaks[phase], used);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await tab.evaluate((c) => window.transfer(c), config);
  sampling = false;
  await sampler;
  if (result.bytes !== config.fileMib * MIB) throw new Error(`downloaded ${result.bytes} bytes`);
  const mib = (value) => (value / MIB).toFixed(1);
  const rate = (ms) => (config.fileMib / (ms / 1000)).toFixed(0);
  console.log(`${config.fileMib} MiB file: before ${mib(before)} MiB of JS memory`);
  console.log(`  upload:   peak ${mib(peaks.upload)} MiB (+${mib(peaks.upload - before)}), ${rate(result.uploadMs)} MiB/s`);
  console.log(`  download: peak ${mib(peaks.download)} MiB (+${mib(peaks.download - before)}), ${rate(result.downloadMs)} MiB/s`);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "sentc-heap-"));
  let api;
  let site;
  let browser;
  try {
    const { app } = installPackage(work);
    writeFileSync(join(app, "index.html"), page);
    api = await startDevServer(server, work);
    site = await serveFiles({ "/": app });
    browser = await launchChromium(["--js-flags=--expose-gc"]);
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/index.html`);
    await tab.waitForFunction(() => window.ready === true);
    const cdp = await tab.context().newCDPSession(tab);
    for (const fileMib of SIZES) {
      await measure(tab, cdp, { base_url: api.url, app_token: api.token, fileMib });
    }
  } finally {
    await browser?.close();
    site?.server.close();
    stopProcess(api);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`file-memory: FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
