// The end-to-end flow a new user of the npm package would write, run by index.html in a page
// and by worker.js in a Web Worker. Each check throws with what failed; run() returns what the
// reload step needs.
import Sentc, { SentcError } from "./node_modules/sentc/web/index.js";

const log = [];

function step(text) {
  log.push(text);
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectError(promise, codeName, what) {
  try {
    await promise;
  } catch (error) {
    check(error instanceof SentcError && error.name === "SentcError", `${what}: a SentcError`);
    check(JSON.parse(String(error)).status === error.status, `${what}: sentc's JSON shape`);
    check(typeof error.code === "number" && error.codeName === codeName, `${what}: ${codeName}, got ${error.codeName}`);
    check(!/panicked|unwrap|RuntimeError/.test(error.error_message), `${what}: no panic text`);
    return error;
  }
  throw new Error(`check failed: ${what} did not throw`);
}

/**
 * Runs `body` while the page's fetch hands the client other response bodies: `rewrite(url,
 * method, text)` returns the new text, or undefined to leave a response alone. The URLs the
 * client asked for are collected in `urls`.
 */
async function withServerRewrite(rewrite, body, urls = []) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    urls.push(url);
    const response = await realFetch(input, init);
    const changed = rewrite(url, init?.method ?? "GET", await response.clone().text());
    return changed === undefined ? response : new Response(changed, { status: response.status, headers: response.headers });
  };
  try {
    return await body();
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** Register two users, log in, share a group, encrypt, rotate, decrypt old and new data. */
export async function run({ base_url, app_token, tag }) {
  log.length = 0;
  await Sentc.init({ base_url, app_token });
  const alice = `alice-${tag}`;
  const bob = `bob-${tag}`;

  const aliceId = await Sentc.register(alice, "alice's password");
  // Bob registers the way an app backend does it: prepare (sync, no network), send, done.
  const input = Sentc.prepareRegister(bob, "bob's password");
  const response = await fetch(`${base_url}/api/v1/register`, {
    method: "POST",
    headers: { "x-sentc-app-token": app_token, "content-type": "application/json" },
    body: input,
  });
  const bobId = Sentc.doneRegister(await response.text());
  check(aliceId !== bobId, "two user ids");
  step("registered two users");

  const aliceLogin = await Sentc.login(alice, "alice's password");
  check(aliceLogin.kind === "user" && aliceLogin.u.userId === aliceId, "alice logged in");
  const aliceUser = aliceLogin.u;
  const bobUser = await Sentc.login(bob, "bob's password", true);
  check(bobUser.userId === bobId, "bob logged in");
  await expectError(Sentc.login(bob, "wrong password"), "LoginFailed", "a wrong password");
  step("logged in");

  const groupId = await aliceUser.createGroup();
  const group = await aliceUser.getGroup(groupId);
  check(group.rank === 0, "alice is the creator");
  await group.invite(bobId);
  const invites = await bobUser.getGroupInvites();
  check(invites.some((invite) => invite.group_id === groupId), "bob sees the invite");
  await bobUser.acceptGroupInvite(groupId);
  let bobGroup = await bobUser.getGroup(groupId);
  check(bobGroup.rank === 4, "bob is a member");
  step("created a group and invited bob");

  // sentc's signatures where ours once meant something else (docs/migrating-from-sentc.md).
  check((await Sentc.checkUserIdentifierAvailable(`free-${tag}`)) === true, "a free identifier is available");
  check((await Sentc.checkUserIdentifierAvailable(alice)) === false, "a taken identifier is not available");
  const urls = [];
  await withServerRewrite(() => undefined, async () => {
    await expectError(bobUser.deleteDevice("bob's password", "0123456789abcdef0123456789abcdef"), "DeviceNotFound", "deleteDevice(password, unknown device)");
    await expectError(bobUser.deleteDevice("a wrong password", bobUser.deviceId), "LoginFailed", "deleteDevice with a wrong password");
  }, urls);
  check(urls.some((url) => url.includes("/user/device/0123456789abcdef0123456789abcdef")), "the device id is in the path");
  check(!urls.some((url) => /password/i.test(decodeURIComponent(url))), `no password in any URL: ${urls.join(" ")}`);
  check((await bobUser.getGroup(groupId, undefined, 2)).rank === 4, "getGroup(id, undefined, 2)");
  await expectError(bobUser.getGroup(groupId, undefined, 7), "MalformedInput", "an unknown verify level");
  // A group bob has not opened yet, whose first key the server passes off without its signature:
  // verify level 2 (and 0: the key chain is always verified) refuses it.
  const unsignedId = await aliceUser.createGroup();
  await (await aliceUser.getGroup(unsignedId)).inviteAuto(bobId);
  const stripSignature = (url, method, text) => {
    if (method !== "GET" || !url.endsWith(`/api/v1/group/${unsignedId}`)) return undefined;
    const body = JSON.parse(text);
    for (const key of body.result.keys) delete key.signed_by;
    return JSON.stringify(body);
  };
  for (const level of [2, 0]) {
    await withServerRewrite(stripSignature, () =>
      expectError(bobUser.getGroup(unsignedId, undefined, level), "SignatureMissing", `an unsigned key at verify level ${level}`));
  }
  check((await bobUser.getGroup(unsignedId, undefined, 2)).rank === 4, "the signed key opens");
  await aliceUser.updateUser(`${alice}-renamed`);
  check((await Sentc.checkUserIdentifierAvailable(alice)) === true, "updateUser frees the old identifier");
  check((await Sentc.checkUserIdentifierAvailable(`${alice}-renamed`)) === false, "updateUser takes the new one");
  step("sentc's signatures: identifier availability, deleteDevice, getGroup verify levels, updateUser");

  const first = await group.encryptString("hello from alice");
  check((await bobGroup.decryptString(first)) === "hello from alice", "bob decrypts");
  const signed = await group.encryptString("signed by alice", true);
  check((await bobGroup.decryptString(signed, true, aliceId)) === "signed by alice", "signature verifies");
  await expectError(bobGroup.decryptString(signed, true, bobId), "UserKeyNotFound", "a signature checked against the wrong user");
  await expectError(bobGroup.decryptString(first, true, aliceId), "SignatureMissing", "unsigned data where a signature is asked for");
  const bytes = await group.encrypt(new TextEncoder().encode("raw bytes"));
  check(new TextDecoder().decode(await bobGroup.decrypt(bytes)) === "raw bytes", "bytes round trip");
  const bound = group.encryptStringWithContext("42.00", "invoice 17 / amount", true);
  check((await bobGroup.decryptStringWithContext(bound, "invoice 17 / amount", aliceId)) === "42.00", "a context round trip");
  await expectError(bobGroup.decryptStringWithContext(bound, "invoice 18 / amount"), "DecryptionFailed", "data moved to another record");
  await expectError(bobGroup.decryptString(bound), "ContextMismatch", "context data opened without its context");
  step("encrypted and decrypted");

  const searched = await searchable({ group, bobGroup, aliceUser });

  const number = await aliceUser.safetyNumber(bobId);
  check(number === (await bobUser.safetyNumber(aliceId)), "both sides compute the same safety number");
  await bobUser.keyRotation();
  check((await aliceUser.safetyNumber(bobId)) === number, "a key rotation keeps the safety number");
  await Sentc.acceptIdentityChange(bobId);
  check((await aliceUser.safetyNumber(bobId)) === number, "bob's identity pinned again is the same");
  step("safety numbers follow identities");

  const newKey = await group.keyRotation();
  const second = await group.encryptString("after the rotation");
  // The server wraps the new key for bob in the background; fetching the group finishes it.
  for (let attempt = 0; !bobGroup.keyIds.includes(newKey); attempt++) {
    check(attempt < 100, "bob gets the new key");
    await sleep(100);
    bobGroup = await bobUser.getGroup(groupId);
  }
  check((await bobGroup.decryptString(first)) === "hello from alice", "old data after the rotation");
  check((await bobGroup.decryptString(second)) === "after the rotation", "new data after the rotation");
  const reply = await bobGroup.encryptString("bob replies");
  check((await group.decryptString(reply)) === "bob replies", "alice decrypts bob's reply");
  step("rotated the key; old and new data decrypt");
  searchableAfterRotation({ group, bobGroup }, searched);

  const other = await aliceUser.getGroup(await aliceUser.createGroup());
  const error = await expectError(bobGroup.decryptString(await other.encryptString("x")), "KeyRequired", "data of another group");
  check(error.keyId === other.keyIds[0], "the error names the missing key");
  step("errors carry stable codes");

  await files({ aliceUser, bobUser, group, bobGroup, bobId, base_url, app_token });

  return { log: [...log], aliceId, bobId, groupId, first, second };
}

/** sentc's searchable and sortable methods, synchronous: what alice stores, bob finds and sorts. */
async function searchable({ group, bobGroup, aliceUser }) {
  const prefixes = group.createSearchRaw("Straße 12");
  check(prefixes.length === 9, "one hash per character");
  check(prefixes.includes(bobGroup.search("Stra")), "bob finds a prefix");
  check(!prefixes.includes(bobGroup.search("stra")), "exact bytes: no case folding");
  check(group.createSearchRaw("Straße 12", false, 4).length === 4, "exactly limit prefixes");
  const [full, alg, keyId] = group.createSearch("Straße 12", true);
  check(full.length === 1 && full[0] === prefixes[8] && alg === "hmac-sha256", "a full hash is the last prefix");
  check(keyId === group.keyIds[group.keyIds.length - 1], "made with the newest key");
  // "é" typed as e + U+0301 and as one code point: the same hash when normalised (JavaScript's tables).
  check(group.search("Cafe\u0301", "NFC") === bobGroup.search("Café"), "NFC normalisation");
  check(group.search("Cafe\u0301") !== bobGroup.search("Café"), "no normalisation unless asked");
  check(aliceUser.search("x") !== group.search("x"), "a user's hashes are its own");

  const dates = [0, 1, 1_700_000_000, 1_700_000_001, 2 ** 48 - 1];
  const sorted = dates.map((date) => group.encryptSortableRawNumber(date));
  check(sorted.every((n, i) => i === 0 || sorted[i - 1] < n) && sorted.every(Number.isSafeInteger), "numbers keep their order");
  check(bobGroup.encryptSortableRawNumber(1_700_000_000) === sorted[2], "bob gets the same numbers");
  const [number, sortAlg, sortKey] = group.encryptSortableNumber(42);
  check(Number.isSafeInteger(number) && sortAlg.startsWith("ope-") && sortKey === keyId, "encryptSortableNumber's shape");
  const words = ["apple", "applf", "banana", "bananb", "cherry"].map((word) => group.encryptSortableRawString(word));
  check(words.every((n, i) => i === 0 || words[i - 1] < n), "strings keep their order by 6 bytes, past 4 characters");
  check(group.encryptSortableRawString("bananas") === words[2], "equal in the first 6 bytes: equal numbers");
  check(group.encryptSortableString("x")[2] === keyId, "encryptSortableString's shape");

  const throws = (call, codeName, what) => expectError((async () => call())(), codeName, what);
  await throws(() => group.createSearchRaw(""), "EmptyInput", "an empty searchable value");
  await throws(() => group.createSearchRaw("x".repeat(201)), "InputTooLarge", "more than 200 prefixes");
  await throws(() => group.search("x", "NFX"), "MalformedInput", "an unknown normalisation form");
  await throws(() => group.encryptSortableRawNumber(-1), "OutOfDomain", "a negative sortable number");
  await throws(() => group.encryptSortableRawNumber(2 ** 48), "OutOfDomain", "a sortable number over 2^48 - 1");
  await throws(() => group.encryptSortableRawNumber(1.5), "OutOfDomain", "a fraction");
  await throws(() => group.encryptSortableRawString(""), "EmptyInput", "an empty sortable string");
  step("searchable hashes and sortable numbers, and their errors");
  return { prefix: bobGroup.search("Stra"), prefixes };
}

/** After a rotation new hashes differ, and `searchAll` still finds what was hashed before. */
function searchableAfterRotation({ group, bobGroup }, { prefix, prefixes }) {
  check(group.search("Stra") !== prefix, "the newest key hashes differently");
  const all = bobGroup.searchAll("Stra");
  check(all.length === bobGroup.keyIds.length && all.includes(prefix), "searchAll finds data hashed before the rotation");
  check(!group.createSearchRaw("Straße 12").some((hash) => prefixes.includes(hash)), "new hashes are new");
  step("searchAll finds data hashed under an older key");
}

/** Bytes of a file of `length`, a pattern that shows a swapped or shifted chunk. */
function pattern(length) {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 7 + (index >> 12)) % 251;
  return bytes;
}

async function bytesOf(blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

function same(a, b) {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Files: several 4 MiB chunks up and down with progress, sentc's backend flow, a user's file, a hostile server, cancellation. */
async function files({ aliceUser, bobUser, group, bobGroup, bobId, base_url, app_token }) {
  const data = pattern(2 * 4 * 1024 * 1024 + 12345);
  const file = new File([data], "report.bin");
  const progress = [];
  const created = await group.createFile(file, false, (value) => progress.push(value));
  check(progress.length === 3 && progress[2] === 1, `upload progress per part: ${progress}`);
  const downloaded = [];
  const [url, meta, key] = await bobGroup.downloadFile(created.file_id, "", (value) => downloaded.push(value));
  check(meta.file_name === "report.bin" && meta.part_list.length === 3, "the name and the three parts");
  check(same(await bytesOf(await (await fetch(url)).blob()), data), "the blob URL holds the file");
  check(downloaded.length === 3 && downloaded[2] === 1, `download progress per part: ${downloaded}`);
  const { stream } = await bobGroup.downloadFileStream(created.file_id);
  const chunks = [];
  for (const reader = stream.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  check(chunks.length === 3 && same(await bytesOf(new Blob(chunks)), data), "a stream of three chunks");
  await group.updateFileName(created.file_id, key, "renamed.bin");
  check((await bobGroup.downloadFileMetaInfo(created.file_id))[0].file_name === "renamed.bin", "renamed");
  step("a file of three chunks up and down, with progress, as a blob URL and a stream");

  // sentc's own-backend flow: the app's backend registers the file with the prepared body.
  const small = new File([pattern(1000)], "small.txt");
  const prepared = await group.prepareRegisterFile(small);
  const jwt = await aliceUser.getJwt();
  const registered = await fetch(`${base_url}/api/v1/group/${group.groupId}/file`, {
    method: "POST",
    body: prepared.server_input,
    headers: { "content-type": "application/json", authorization: `Bearer ${jwt}`, "x-sentc-app-token": app_token },
  }).then((response) => response.text());
  const [fileId, sessionId] = group.doneFileRegister(registered);
  check(fileId === prepared.file_id, "the registered file is the prepared one");
  await group.uploadFile(small, prepared.key, sessionId);
  const [smallMeta, smallKey] = await bobGroup.downloadFileMetaInfo(fileId);
  const smallUrl = await bobGroup.downloadFileWithMetaInfo(smallKey, smallMeta);
  check(same(await bytesOf(await (await fetch(smallUrl)).blob()), pattern(1000)), "sentc's backend flow");
  step("prepareRegisterFile, doneFileRegister, uploadFile, downloadFileWithMetaInfo");

  // A file for a user: only that user opens it.
  const forBob = await aliceUser.createFile(new File([pattern(10)], "for-bob"), false, bobId);
  const { blob, meta: bobMeta } = await bobUser.downloadFileBlob(forBob.file_id);
  check(same(await bytesOf(blob), pattern(10)) && bobMeta.file_name === "for-bob", "bob opens his file");
  await expectError(bobUser.deleteFile(forBob.file_id), "FileAccessDenied", "only its creator deletes a file");
  step("a file for a user");

  // Signed: the content key names its maker; a reader can insist on it.
  const aliceId = aliceUser.user_data.user_id;
  const signedFile = await group.createFile(new File([pattern(100)], "signed"), true);
  const { blob: signedBlob } = await bobGroup.downloadFileBlob(signedFile.file_id, { verifyKey: aliceId });
  check(same(await bytesOf(signedBlob), pattern(100)), "a signed file checked against its maker");
  await expectError(bobGroup.downloadFileMetaInfo(signedFile.file_id, bobId), "UserKeyNotFound", "a signed file checked against another user");
  await expectError(bobGroup.downloadFileMetaInfo(fileId, aliceId), "SignatureMissing", "an unsigned file checked against a maker");
  step("signed files");

  // A server that drops the last part is caught; so is one that serves another part.
  const metaPath = `/api/v1/file/${created.file_id}`;
  const dropLast = (url, method, text) => {
    if (method !== "GET" || !url.endsWith(metaPath)) return undefined;
    const body = JSON.parse(text);
    body.result.part_list.pop();
    return JSON.stringify(body);
  };
  await withServerRewrite(dropLast, () => expectError(bobGroup.downloadFileBlob(created.file_id), "FileTruncated", "a dropped last part"));
  step("a truncated file is refused");

  // A network failure on a part: the part is sent (or fetched) again.
  const realFetch = globalThis.fetch;
  const failed = [];
  globalThis.fetch = async (input, init) => {
    const url = String(input);
    if (/\/file\/(part\/|[0-9a-f]{32}\/part\/)/.test(url) && !failed.includes(`${init?.method} ${url}`)) {
      failed.push(`${init?.method} ${url}`);
      throw new TypeError("Failed to fetch");
    }
    return realFetch(input, init);
  };
  try {
    const flaky = await group.createFile(new File([pattern(3000)], "flaky"));
    const { blob: flakyBlob } = await bobGroup.downloadFileBlob(flaky.file_id);
    check(same(await bytesOf(flakyBlob), pattern(3000)), "a file through a flaky network");
  } finally {
    globalThis.fetch = realFetch;
  }
  check(failed.some((entry) => entry.startsWith("POST")) && failed.some((entry) => entry.startsWith("GET")), `a part failed each way: ${failed}`);
  step("a part that failed on the network is sent and fetched again");

  // Cancelled between parts: the upload stops with Cancelled.
  const controller = new AbortController();
  await expectError(
    group.createFile(file, false, () => controller.abort(), { signal: controller.signal }),
    "Cancelled",
    "a cancelled upload",
  );
  await group.deleteFile(created.file_id);
  await expectError(bobGroup.downloadFileMetaInfo(created.file_id), "FileNotFound", "a deleted file");
  step("cancellation, deletion");
}

async function rawStoredValues(name) {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const values = await new Promise((resolve, reject) => {
    const read = db.transaction("values", "readonly").objectStore("values").getAll();
    read.onsuccess = () => resolve(read.result);
    read.onerror = () => reject(read.error);
  });
  db.close();
  return values;
}

function contains(haystack, needle) {
  const bytes = new Uint8Array(haystack);
  const text = new TextDecoder("latin1").decode(bytes);
  return text.includes(needle);
}

/** After a reload: the user is restored from IndexedDB, and what is stored is encrypted. */
export async function restore({ base_url, app_token }, saved) {
  log.length = 0;
  const user = await Sentc.init({ base_url, app_token });
  check(user !== undefined && user.userId === saved.bobId, "bob is restored after the reload");
  check((await Sentc.getActualUser()).userId === saved.bobId, "getActualUser");
  const group = await user.getGroup(saved.groupId);
  check((await group.decryptString(saved.first)) === "hello from alice", "old data after the reload");
  check((await group.decryptString(saved.second)) === "after the rotation", "new data after the reload");
  step("restored the user after the reload");

  const stored = await rawStoredValues("sentc");
  check(stored.length >= 2, "values are stored");
  const jwt = user.currentJwt();
  for (const value of stored) {
    check(value.iv instanceof Uint8Array && value.data instanceof ArrayBuffer, "stored as ciphertext");
    check(!contains(value.data, jwt.slice(0, 40)) && !contains(value.data, saved.bobId), "no plaintext at rest");
  }
  step("storage holds only ciphertext");

  await user.logOut();
  await expectError(Sentc.getActualUser(), "NotLoggedIn", "getActualUser after sentc's logOut");
  step("logged out");
  return { log: [...log] };
}

/**
 * The documented fallback: where IndexedDB is missing, init warns once and keeps the user in
 * memory; everything still works within the page.
 */
export async function fallback({ base_url, app_token }) {
  log.length = 0;
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  // Window attributes live on the global object itself: keep the original to put it back.
  const original = Object.getOwnPropertyDescriptor(globalThis, "indexedDB");
  Object.defineProperty(globalThis, "indexedDB", { value: undefined, configurable: true });
  try {
    await Sentc.init({ base_url, app_token, store_prefix: "fallback" });
  } finally {
    Object.defineProperty(globalThis, "indexedDB", original);
    console.warn = warn;
  }
  check(warnings.some((text) => text.includes("kept in memory")), "a warning names the memory fallback");
  const name = `fallback-${Date.now()}`;
  await Sentc.register(name, "a long password");
  const user = await Sentc.login(name, "a long password", true);
  check((await Sentc.getActualUser()).userId === user.userId, "the user is kept in memory");
  const databases = (await indexedDB.databases()).map((database) => database.name);
  check(!databases.includes("fallback"), "nothing reached IndexedDB");
  step("warned once, the user kept in memory");
  return { log: [...log] };
}
