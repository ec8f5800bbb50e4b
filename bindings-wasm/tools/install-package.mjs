// Installs the built npm package (bindings-wasm/pkg, from scripts/build-wasm.sh) into a fresh
// app folder as an app would: `npm pack`, then `npm install` of the tarball.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");

/** Creates `work/app` with the package installed; resolves to the app folder and the tarball name. */
export function installPackage(work) {
  if (!existsSync(join(packageDir, "package.json"))) {
    throw new Error(`${packageDir} is missing: run scripts/build-wasm.sh`);
  }
  const app = join(work, "app");
  mkdirSync(app, { recursive: true });
  const tarball = execFileSync("npm", ["pack", packageDir, "--pack-destination", work, "--silent"], {
    encoding: "utf8",
  }).trim().split("\n").pop();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "e2e-app", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(work, tarball)], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { app, tarball };
}
