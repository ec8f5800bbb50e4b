// Headless Debian Chromium through playwright-core, for the end-to-end test and the benchmark.
import { chromium } from "./node_modules/playwright-core/index.mjs";

/** Headless Debian Chromium with the flags this machine's closed network needs (and `extraArgs`). */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.SENTC_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
