// Runs the crypto benchmark natively and in headless Chromium and prints the wasm/native
// table; with --write it also replaces the table in BENCHMARKS.md (between the wasm-bench
// markers). Expects the builds of scripts/bench-wasm.sh, which is the command to use.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFiles } from "../tools/loopback.mjs";
import { launchChromium } from "../tools/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const nativeBinary = join(root, "target", "release", "sentc-native-bench");
const wasmPackage = join(root, "target", "wasm-bench");
const shippedWasm = join(root, "bindings-wasm", "pkg", "web", "sentc_bg.wasm");
const benchmarks = join(root, "BENCHMARKS.md");
const START = "<!-- wasm-bench:start -->";
const END = "<!-- wasm-bench:end -->";

function native() {
  console.error("bench: native (about 20 s)");
  return JSON.parse(execFileSync(nativeBinary, { encoding: "utf8" }));
}

async function browser() {
  console.error("bench: wasm in headless Chromium (about a minute)");
  const site = await serveFiles({ "/": here, "/pkg/": wasmPackage });
  const chromium = await launchChromium();
  try {
    const page = await chromium.newPage();
    page.on("pageerror", (error) => console.error(`browser page error: ${error.message}`));
    await page.goto(`${site.url}/index.html?driven`);
    await page.waitForFunction(() => window.sentcBenchReady === true, null, { timeout: 30000 });
    const figures = await page.evaluate(() => window.sentcBench());
    return { figures, version: chromium.version() };
  } finally {
    await chromium.close();
    site.server.close();
  }
}

const micros = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} µs`);

function table(nativeFigures, wasmFigures, version) {
  const lines = [
    START,
    `Chromium ${version} (headless, Debian), wasm built with the size profile and wasm-opt -Os`,
    "like the npm package; native is the release profile. Same operations, same timing code",
    "(median of 5 rounds of ~0.4 s).",
    "",
    "| operation | native | wasm | wasm / native |",
    "|---|---|---|---|",
  ];
  for (const n of nativeFigures) {
    const w = wasmFigures.find((figure) => figure.operation === n.operation);
    if (n.mib_per_second) {
      const ratio = w.mib_per_second / n.mib_per_second;
      lines.push(`| ${n.operation} | ${n.mib_per_second.toFixed(0)} MiB/s | ${w.mib_per_second.toFixed(0)} MiB/s | ${ratio.toFixed(2)}× the throughput |`);
    } else {
      const ratio = w.micros / n.micros;
      lines.push(`| ${n.operation} | ${micros(n.micros)} | ${micros(w.micros)} | ${ratio.toFixed(2)}× the time |`);
    }
  }
  if (existsSync(shippedWasm)) {
    const raw = readFileSync(shippedWasm).length;
    const gzip = execFileSync("sh", ["-c", 'gzip -9 -c "$0" | wc -c', shippedWasm], { encoding: "utf8" }).trim();
    lines.push("", `The npm package's \`sentc_bg.wasm\` (scripts/build-wasm.sh): ${raw.toLocaleString("en")} bytes raw, ${Number(gzip).toLocaleString("en")} bytes \`gzip -9\` (budget 400 KB).`);
  }
  lines.push(END);
  return lines.join("\n");
}

const nativeFigures = native();
const { figures: wasmFigures, version } = await browser();
const result = table(nativeFigures, wasmFigures, version);
console.log(result);
if (process.argv.includes("--write")) {
  const text = readFileSync(benchmarks, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`BENCHMARKS.md has no ${START} … ${END} section`);
  }
  writeFileSync(benchmarks, text.slice(0, start) + result + text.slice(end + END.length));
  console.error("bench: BENCHMARKS.md updated");
}
