// esbuild's stand-in for `import.meta.url` in the CommonJS build of the Node.js entry.
export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
