// The package entry for Node.js (the "node" export condition): the web build's module, loaded
// from the package's files; the global fetch; users kept in memory unless the app passes a
// storage (e.g. `fileStorage`). The CommonJS entry (index.cjs) is this file bundled by esbuild.
import { readFileSync } from "node:fs";
import { initSync } from "../web/sentc.js";
import { platform } from "../web/platform.js";

platform.defaultStorage = "memory";
initSync({ module: readFileSync(new URL("../web/sentc_bg.wasm", import.meta.url)) });

export * from "../web/api.js";
export { Sentc as default } from "../web/api.js";
export { fileStorage } from "./file-storage.mjs";
