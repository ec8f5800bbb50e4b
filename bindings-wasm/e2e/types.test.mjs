// `node --test bindings-wasm/e2e/types.test.mjs`: the package's published types, installed into
// a fresh app from its tarball, compile a sample app with `tsc --strict` (e2e/types/app.ts),
// refuse wrong calls (wrong.ts: every line must be an error) and type the CommonJS entry
// (node.cts).
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "../tools/install-package.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "..", "tools", "node_modules", ".bin", "tsc");

test("tsc --strict compiles the sample app and refuses wrong calls", () => {
  const work = mkdtempSync(join(tmpdir(), "sentc-types-"));
  try {
    const { app } = installPackage(work);
    for (const file of ["app.ts", "wrong.ts", "node.cts", "tsconfig.json"]) {
      copyFileSync(join(here, "types", file), join(app, file));
    }
    execFileSync(tsc, ["-p", "tsconfig.json"], { cwd: app, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    throw new Error(`tsc failed:\n${error.stdout ?? ""}${error.stderr ?? ""}${error.stdout ? "" : error}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
