import { Sentc } from "./sentc.js";

export * from "./sentc.js";

export default Sentc;

declare module "./sentc.js" {
  namespace Sentc {
    /** sentc's name: true when `identifier` is free (the opposite of `userExists`). */
    function checkUserIdentifierAvailable(identifier: string): Promise<boolean>;
  }
  interface User {
    /** sentc's name for `logout`. */
    logOut(): Promise<void>;
    /** sentc's name for `updateIdentifier`. */
    updateUser(newIdentifier: string): Promise<void>;
  }
}
