// The same flow in a module Web Worker: no window, only globalThis.fetch and IndexedDB.
//
// The handler is installed before the package is imported: `sentc/web` loads its WebAssembly
// with top-level await, and Chromium delivers messages that arrive during that wait to whatever
// handler exists then; a handler set after a static import would miss them.
const flow = import("./flow.js");

self.onmessage = async (event) => {
  try {
    const { run } = await flow;
    self.postMessage({ ok: true, result: await run(event.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack ? error.stack : error) });
  }
};
