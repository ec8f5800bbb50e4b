import { Sentc } from "./sentc.js";

export * from "./sentc.js";

export default Sentc;
