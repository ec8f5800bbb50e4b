// What differs between the entries of the package (web, bundler, Node.js), set by the entry
// before the app calls anything.
export const platform = {
  /** `Sentc.init`'s storage when the app names none: undefined is the browser's IndexedDB. */
  defaultStorage: undefined,
};
