// An app that loads the package twice, as ESM and as CommonJS (e.g. through a dependency):
// each copy's errors are instances of the other copy's SentcError.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as esm from "sentc";

const cjs = createRequire(import.meta.url)("sentc");
assert.notEqual(esm.SentcError, cjs.SentcError, "two copies of the class");
const thrown = (sentc) => {
  try {
    sentc.Sentc.doneRegister("not a server answer");
  } catch (error) {
    return error;
  }
  assert.fail("doneRegister accepted a non-answer");
};
for (const [from, to] of [[esm, cjs], [cjs, esm]]) {
  const error = thrown(from);
  assert.ok(error instanceof to.SentcError, "instanceof across copies");
  assert.ok(error instanceof from.SentcError && error instanceof Error);
  assert.equal(error.codeName, "InvalidServerResponse");
}
assert.ok(!(new Error("plain") instanceof esm.SentcError));
console.log("dual: both copies agree");
