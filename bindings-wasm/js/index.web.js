// The package entry for browsers ("sentc" without a bundler, "sentc/web"): loads the
// WebAssembly module beside this file before the import finishes (top-level await), so every
// function works as soon as it is imported, in a window or a module worker.
import initWasm from "./sentc.js";

export * from "./api.js";
export { Sentc as default } from "./api.js";

await initWasm();
