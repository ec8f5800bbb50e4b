// The package entry for bundlers (webpack 5 with asyncWebAssembly, Vite with a wasm plugin):
// the bundler instantiates the WebAssembly module when it is imported.
export * from "./api.js";
export { Sentc as default } from "./api.js";
