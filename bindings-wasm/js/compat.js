// sentc's names for what the wasm classes offer under ours (docs: migrating from sentc). Loaded
// by every entry; it adds functions in JS so the .wasm does not grow.
import { Sentc } from "./sentc.js";

/** sentc's `checkUserIdentifierAvailable`: true when the identifier is free (`userExists` is the opposite). */
Sentc.checkUserIdentifierAvailable = async (identifier) => !(await Sentc.userExists(identifier));
