// The package entry ("sentc", "sentc/web"), for bundlers such as Vite and for direct use in the
// browser: loads the WebAssembly module beside this file before the import finishes (top-level
// await), so every function of Sentc works as soon as it is imported, in a window or a module
// worker.
import initWasm, { Sentc } from "./sentc.js";
import "./compat.js";

export * from "./sentc.js";

await initWasm();

export default Sentc;
