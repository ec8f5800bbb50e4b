// sentc's names for what the wasm classes offer under ours (docs: migrating from sentc). Loaded
// by every entry; it adds functions in JS so the .wasm does not grow.
import { Sentc, User } from "./sentc.js";

/** sentc's `checkUserIdentifierAvailable`: true when the identifier is free (`userExists` is the opposite). */
Sentc.checkUserIdentifierAvailable = async (identifier) => !(await Sentc.userExists(identifier));

/** sentc's `logOut`: our `logout`. */
User.prototype.logOut = function logOut() {
  return this.logout();
};

/** sentc's `updateUser(newIdentifier)`: our `updateIdentifier`. */
User.prototype.updateUser = function updateUser(newIdentifier) {
  return this.updateIdentifier(newIdentifier);
};
