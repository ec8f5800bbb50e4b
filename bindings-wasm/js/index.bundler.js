// The package entry for bundlers (webpack 5 with asyncWebAssembly, Vite with a wasm plugin):
// the bundler instantiates the WebAssembly module when it is imported.
import { Sentc } from "./sentc.js";
import "./compat.js";

export * from "./sentc.js";

export default Sentc;
