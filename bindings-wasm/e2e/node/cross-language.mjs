// The JavaScript participant of the uniffi cross-language scenario
// (bindings-uniffi/tests/cross_language.py): the npm package (the browser SDK's wasm core, in
// Node.js) as a fourth user beside Rust, Kotlin and Python. One step per run:
// `node cross-language.mjs <url> <public token> <state file> <step>`; the users share ids and
// items through the state file's `key=value` lines.
import { appendFileSync, readFileSync } from "node:fs";
import Sentc from "sentc";

const [url, token, path, step] = process.argv.slice(2);
const state = Object.fromEntries(
  readFileSync(path, "utf8").split("\n").filter((line) => line.includes("=")).map((line) => {
    const at = line.indexOf("=");
    return [line.slice(0, at), line.slice(at + 1)];
  }),
);
const check = (condition, what) => {
  if (!condition) throw new Error(`check failed: ${what}`);
};

await Sentc.init({ base_url: url, app_token: token });
if (step === "register") {
  const identifier = `js-${state.run}`;
  const userId = await Sentc.register(identifier, "a long password");
  appendFileSync(path, `js.identifier=${identifier}\njs.user_id=${userId}\n`);
} else if (step === "round1") {
  const user = await Sentc.login(state["js.identifier"], "a long password", true);
  const group = await user.getGroup(state.group);
  for (let tries = 0; tries < 100 && !group.keyIds.includes(state["rotation.key"]); tries++) {
    await group.finishKeyRotation();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  check(group.keyIds.includes(state["rotation.key"]), "javascript finished rust's rotation");
  for (const [who, text] of [["python", "from python"], ["rust", "from rust"], ["kotlin", "from kotlin"]]) {
    check(await group.decryptString(state[`${who}.item`], true, state[`${who}.user_id`]) === text, `${who}'s item`);
  }
  appendFileSync(path, `js.item=${await group.encryptString("from javascript", true)}\n`);
} else {
  throw new Error(`no step ${step}`);
}
console.log(`javascript: ${step} done`);
