import { Sentc } from "./sentc.js";

export * from "./sentc.js";

export default Sentc;

declare module "./sentc.js" {
  namespace Sentc {
    /** sentc's name: true when `identifier` is free (the opposite of `userExists`). */
    function checkUserIdentifierAvailable(identifier: string): Promise<boolean>;
  }
}
