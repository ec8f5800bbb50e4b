// An ESM app: `import Sentc from "sentc"` resolves to the package's Node.js build.
import * as sentc from "sentc";
import { flow } from "./flow.mjs";

await flow(sentc, JSON.parse(process.argv[2]));
console.log("esm: the flow held");
