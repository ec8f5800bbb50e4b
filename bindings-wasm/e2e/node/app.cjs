// A CommonJS app: `require("sentc")` resolves to the package's CommonJS build.
const assert = require("node:assert/strict");
const sentc = require("sentc");

assert.match(require.resolve("sentc"), /node[\\/]index\.cjs$/);
import("./flow.mjs")
  .then(({ flow }) => flow(sentc, JSON.parse(process.argv[2])))
  .then(() => console.log("cjs: the flow held"))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
