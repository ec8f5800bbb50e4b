// Checks examples/browser as a new user would use it: starts its serve.mjs, registers alice and
// bob in two profiles, alice creates a group and invites bob, bob accepts, alice encrypts, bob
// decrypts, and bob is still logged in after a reload.
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnUntil, stopProcess } from "../tools/loopback.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const serveScript = join(here, "..", "..", "examples", "browser", "serve.mjs");

/** Starts serve.mjs on a free port; resolves to { child, url }. */
function serveExample(data) {
  return spawnUntil(
    "node",
    [serveScript, "--port", "0"],
    { env: { ...process.env, SENTC_EXAMPLE_DATA: data } },
    (printed) => {
      const url = printed.match(/open (http:\/\/\S+)\/\?profile/)?.[1];
      return url ? { url } : undefined;
    },
  );
}

async function click(page, id) {
  await page.click(`#${id}`);
}

/** Waits until the page shows `selector` with text, failing with the page's error line. */
async function expectText(page, selector, predicate, what) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const error = await page.textContent("#error");
    if (error) {
      throw new Error(`example: ${what}: the page shows the error ${error}`);
    }
    const text = (await page.textContent(selector)) ?? "";
    if (predicate(text)) {
      return text;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`example: ${what}: timed out`);
}

async function openProfile(browser, url, name) {
  const page = await browser.newPage();
  await page.goto(`${url}/?profile=${name}`);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
  return page;
}

async function register(page, name) {
  await page.fill("#identifier", name);
  await page.fill("#password", `${name} has a long password`);
  await click(page, "register");
  return expectText(page, "#user-id", (text) => text.length > 0, `${name} registers`);
}

/** Runs the example's flow; returns the lines to report. `work` holds the example's data. */
export async function checkExample(browser, work) {
  const served = await serveExample(join(work, "example-data"));
  const log = [];
  try {
    const alice = await openProfile(browser, served.url, "alice");
    const bob = await openProfile(browser, served.url, "bob");
    await register(alice, "alice");
    const bobId = await register(bob, "bob");
    log.push("registered alice and bob in two profiles");

    await click(alice, "create-group");
    const groupId = await expectText(alice, "#open-group-id", (text) => text !== "none", "alice creates a group");
    await alice.fill("#invitee", bobId);
    await click(alice, "invite");
    // The page empties the field once the invite is sent.
    await alice.waitForFunction(() => document.getElementById("invitee").value === "");
    await expectText(alice, "#error", () => true, "alice invites bob");
    await click(bob, "refresh");
    await click(bob, `accept-${groupId}`);
    await expectText(bob, "#open-group-id", (text) => text === groupId, "bob accepts the invite");
    log.push("alice created a group, bob accepted her invite");

    await alice.fill("#plaintext", "hello bob");
    await click(alice, "encrypt");
    await alice.waitForFunction(() => document.getElementById("ciphertext").value.length > 0);
    const ciphertext = await alice.inputValue("#ciphertext");
    if (ciphertext.includes("hello bob")) {
      throw new Error("example: the ciphertext holds the plaintext");
    }
    await bob.fill("#ciphertext", ciphertext);
    await click(bob, "decrypt");
    await expectText(bob, "#decrypted", (text) => text === "hello bob", "bob decrypts alice's text");
    log.push("alice encrypted, bob decrypted");

    await bob.reload();
    await bob.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
    await expectText(bob, "#user-id", (text) => text === bobId, "bob is restored after a reload");
    log.push("bob is still logged in after a reload");
  } finally {
    stopProcess(served);
  }
  return log;
}
