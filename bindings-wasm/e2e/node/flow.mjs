// The Node.js flow of the package, shared by app.mjs (ESM import) and app.cjs (require): an app
// backend registers a user with its secret token (prepare/done), another registers with the
// public token; they log in, share a group, encrypt and decrypt, and errors come out the sentc
// way. A file storage keeps the user across a new init, encrypted at rest.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

async function expectSentcError(sentc, promise, codeName) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof sentc.SentcError, `a SentcError, got ${error}`);
    assert.equal(error.codeName, codeName);
    // sentc's apps parse the thrown value.
    const parsed = JSON.parse(String(error));
    assert.equal(parsed.status, error.status);
    assert.equal(parsed.error_message, error.error_message);
    return error;
  }
  assert.fail(`expected ${codeName}`);
}

/** Runs the flow with the package's exports (`sentc`) against the dev server in `config`. */
export async function flow(sentc, { base_url, public_token, secret_token, tag }) {
  const Sentc = sentc.default;
  assert.equal(Sentc, sentc.Sentc, "the default export is Sentc");
  assert.equal(await Sentc.init({ base_url, app_token: public_token }), undefined, "no user yet");

  // The app's backend registers alice with its secret token: prepare, send, done.
  const alice = `node-alice-${tag}`;
  const response = await fetch(`${base_url}/api/v1/register`, {
    method: "POST",
    headers: { "x-sentc-app-token": secret_token, "content-type": "application/json" },
    body: Sentc.prepareRegister(alice, "alice's password"),
  });
  const aliceId = Sentc.doneRegister(await response.text());
  const bob = `node-bob-${tag}`;
  assert.equal(await Sentc.checkUserIdentifierAvailable(bob), true);
  const bobId = await Sentc.register(bob, "bob's password");
  assert.equal(await Sentc.checkUserIdentifierAvailable(bob), false);

  const login = await Sentc.login(alice, "alice's password");
  assert.equal(login.kind, "user");
  const aliceUser = login.u;
  assert.equal(aliceUser.user_data.user_id, aliceId);
  const bobUser = await Sentc.login(bob, "bob's password", true);
  assert.equal(bobUser.user_data.user_id, bobId);
  const wrong = await expectSentcError(sentc, Sentc.login(bob, "wrong"), "LoginFailed");
  assert.equal(wrong.code, 5001);
  assert.equal(wrong.status, "server_112", "sentc's status for a failed login");

  const groupId = await aliceUser.createGroup();
  const group = await aliceUser.getGroup(groupId);
  await group.invite(bobId);
  const invites = await bobUser.getGroupInvites();
  assert.ok(invites.some((invite) => invite.group_id === groupId), "bob sees the invite");
  await bobUser.acceptGroupInvite(groupId);
  const bobGroup = await bobUser.getGroup(groupId, undefined, 2);
  assert.equal(bobGroup.data.rank, 4);

  const encrypted = await group.encryptString("hello from node", true);
  assert.equal(await bobGroup.decryptString(encrypted, true, aliceId), "hello from node");
  const bytes = await group.encrypt(new TextEncoder().encode("bytes"));
  assert.equal(new TextDecoder().decode(await bobGroup.decrypt(bytes)), "bytes");
  assert.equal(new TextDecoder().decode(bobGroup.decryptSync(group.encryptSync(new TextEncoder().encode("s")))), "s");
  assert.equal(bobGroup.decryptStringSync(group.encryptStringSync("sync")), "sync");
  // sentc's raw form: the header apart; both parts are needed, and a swapped header fails.
  const raw = await group.encryptRaw(new TextEncoder().encode("raw"), true);
  assert.equal(typeof raw.head, "string");
  // Files: a Blob up, a Blob and a stream down (Node has both).
  const content = randomBytes(5000);
  const created = await group.createFile(new File([content], "node.bin"));
  const { blob, meta } = await bobGroup.downloadFileBlob(created.file_id);
  assert.deepEqual(Buffer.from(await blob.arrayBuffer()), content);
  assert.equal(meta.file_name, "node.bin");
  const { stream } = await bobGroup.downloadFileStream(created.file_id);
  const parts = [];
  for await (const chunk of stream) parts.push(chunk);
  assert.deepEqual(Buffer.concat(parts), content);
  await expectSentcError(sentc, bobGroup.deleteFile(created.file_id), "FileAccessDenied");
  await group.deleteFile(created.file_id);
  assert.equal(new TextDecoder().decode(await bobGroup.decryptRaw(raw.head, raw.data)), "raw");
  assert.equal(new TextDecoder().decode(bobGroup.decryptRawSync(raw.head, raw.data)), "raw");
  const otherRaw = group.encryptRawSync(new TextEncoder().encode("other"));
  await expectSentcError(sentc, bobGroup.decryptRaw(otherRaw.head, raw.data), "DecryptionFailed");
  assert.throws(() => bobGroup.decryptRawSync(raw.head, raw.data, "a verify key"), sentc.SentcError);
  assert.throws(() => bobGroup.decryptStringSync("not a ciphertext"), sentc.SentcError);
  // sentc's inviteGroup: a connected group invites bob's group, whose admin accepts.
  const resourceId = await group.createConnectedGroup();
  const resource = await group.getConnectedGroup(resourceId);
  const bobsTeam = await bobUser.getGroup(await bobUser.createGroup());
  await resource.inviteGroup(bobsTeam.data.group_id, 2);
  const groupInvites = await bobsTeam.getGroupInvites();
  assert.equal(groupInvites[0].group_id, resourceId);
  await bobsTeam.acceptGroupInvite(resourceId);
  const reached = await bobUser.getGroup(resourceId, bobsTeam.data.group_id);
  assert.equal(reached.data.rank, 2);
  assert.equal(await reached.decryptString(await resource.encryptString("to the team")), "to the team");

  // sentc's own-backend calls: the app prepares, its backend sends with the secret token (and the
  // user's JWT where the user acts).
  const backend = async (method, path, body, jwt) => {
    const headers = { "x-sentc-app-token": secret_token, "content-type": "application/json" };
    const answer = await fetch(`${base_url}${path}`, { method, body, headers: jwt ? { ...headers, authorization: `Bearer ${jwt}` } : headers });
    return answer.text();
  };
  const carol = `node-carol-${tag}`;
  assert.equal(Sentc.prepareCheckUserIdentifierAvailable(""), false);
  const exists = Sentc.prepareCheckUserIdentifierAvailable(carol);
  assert.equal(Sentc.doneCheckUserIdentifierAvailable(await backend("POST", "/api/v1/exists", exists)), true);
  const carolId = Sentc.doneRegister(await backend("POST", "/api/v1/register", Sentc.prepareRegister(carol, "carol's password")));
  assert.equal(Sentc.doneCheckUserIdentifierAvailable(await backend("POST", "/api/v1/exists", exists)), false);
  const aliceJwt = await aliceUser.getJwt();
  const inviteBody = await group.prepareKeysForNewMember(carolId, 2);
  const inviteAnswer = JSON.parse(await backend("PUT", `/api/v1/group/${groupId}/invite/${carolId}?auto=true`, inviteBody, aliceJwt));
  assert.equal(inviteAnswer.status, true, JSON.stringify(inviteAnswer));
  await group.handleInviteSessionKeysForNewMember(inviteAnswer.result.session_id ?? "", carolId, true);
  await expectSentcError(sentc, group.prepareKeysForNewMember(carolId, 2, 1), "MalformedInput");
  const rankBody = group.prepareUpdateRank(carolId, 1);
  assert.equal(JSON.parse(await backend("PUT", `/api/v1/group/${groupId}/change_rank`, rankBody, aliceJwt)).status, true);
  assert.throws(() => group.prepareUpdateRank(carolId, 0), (error) => error.codeName === "GroupRankInvalid");
  const carolGroup = await (await Sentc.login(carol, "carol's password", true)).getGroup(groupId);
  assert.equal(carolGroup.data.rank, 1);
  assert.equal(await carolGroup.decryptString(encrypted, true, aliceId), "hello from node");
  assert.equal((await Sentc.getUser(carol)).user_data.user_id, carolId, "the user logged in last is this device's user");
  assert.equal(await Sentc.getUser(bob), false);

  // The rest of sentc's surface: options, the long lookups, group data, a key's own delete.
  assert.equal(Sentc.options.base_url, base_url);
  const publicKey = await Sentc.getUserPublicKeyData(base_url, public_token, bobId);
  assert.equal(await Sentc.verifyUsersPublicKey(base_url, public_token, bobId, publicKey), true);
  await expectSentcError(sentc, Sentc.getGroupPublicKeyData("https://elsewhere.example", public_token, groupId), "MalformedInput");
  assert.equal(aliceUser.enabledMfa(), false);
  assert.equal(group.data.is_connected_group, false);
  assert.equal(group.data.key_update, false);
  assert.ok(group.data.create_time > 0 && group.data.joined_time >= group.data.create_time);
  assert.equal(resource.data.is_connected_group, true);
  const doc = await group.registerKey();
  await doc.deleteKey();
  await expectSentcError(sentc, group.fetchKey(doc.key_id, doc.master_key_id), "SymKeyNotFound");
  // groupUpdateCheck refreshes data: carol's rank as the server now has it.
  assert.equal(carolGroup.data.rank, 1);
  await group.updateRank(carolId, 3);
  assert.equal(carolGroup.data.rank, 1, "until the check");
  await carolGroup.groupUpdateCheck();
  assert.equal(carolGroup.data.rank, 3);

  const number = await aliceUser.createSafetyNumber({ user_id: bobId, verify_key_id: "ignored" });
  assert.equal(number, await bobUser.createSafetyNumber({ user_id: aliceId }), "both sides compute the same number");
  assert.notEqual(await aliceUser.createSafetyNumber(), number, "alone, a user's own number");
  const direct = await aliceUser.encryptString("for bob only", bobId, true);
  assert.equal(await bobUser.decryptString(direct, true, aliceId), "for bob only");
  const userRaw = await aliceUser.encryptRaw(new TextEncoder().encode("raw for bob"), bobId);
  assert.equal(new TextDecoder().decode(await bobUser.decryptRaw(userRaw.head, userRaw.data)), "raw for bob");
  const notText = Buffer.from(await aliceUser.encrypt(new Uint8Array([0xff, 0xfe]), bobId)).toString("base64");
  await expectSentcError(sentc, bobUser.decryptString(notText), "InvalidEncoding");
  await expectSentcError(sentc, bobGroup.decryptString("not a ciphertext"), "InvalidEncoding");

  // carol forgot her password: her new device prepares keys, the backend resets her with them.
  const reset = Sentc.prepareResetUser(carolId, carol, "carol's new password");
  assert.ok(!reset.includes("carol's new password"), "the password stays on the device");
  assert.equal(JSON.parse(await backend("PUT", "/api/v1/user/forced/reset", reset)).status, true);
  await expectSentcError(sentc, Sentc.login(carol, "carol's new password", true), "PasswordParamsChanged");
  await Sentc.unpinIdentifier(carol);
  assert.equal((await Sentc.login(carol, "carol's new password", true)).user_data.user_id, carolId);

  // A user kept across inits in a file, encrypted under the app's key.
  const folder = mkdtempSync(join(tmpdir(), "sentc-node-"));
  try {
    const path = join(folder, "store.json");
    const storage = sentc.fileStorage(path, randomBytes(32));
    await Sentc.init({ base_url, app_token: public_token, storage });
    const kept = await Sentc.login(bob, "bob's password", true);
    const restored = await Sentc.init({ base_url, app_token: public_token, storage });
    assert.equal(restored?.user_data.user_id, bobId, "the user is restored from the file");
    const stored = readFileSync(path, "utf8");
    assert.ok(!stored.includes(kept.currentJwt().slice(0, 40)) && !stored.includes(bobId), "nothing in the clear");
    assert.equal(await (await restored.getGroup(groupId)).decryptString(encrypted), "hello from node");
    // sentc's getStore: the app's own values, in the app's storage apart from the SDK's.
    const store = await Sentc.getStore();
    await store.set("settings", { theme: "dark", size: 3 });
    assert.deepEqual(await store.getItem("settings"), { theme: "dark", size: 3 });
    await Sentc.init({ base_url, app_token: public_token, storage });
    assert.deepEqual(await (await Sentc.getStore()).getItem("settings"), { theme: "dark", size: 3 }, "kept in the file");
    assert.ok(!readFileSync(path, "utf8").includes("dark"), "encrypted at rest");
    await (await Sentc.getStore()).delete("settings");
    assert.equal(await (await Sentc.getStore()).getItem("settings"), undefined);
    const jwt = await Sentc.refreshJwt(restored.currentJwt(), restored.refreshToken());
    assert.equal(jwt.split(".").length, 3, "sentc's refreshJwt gives a JWT");
    await restored.logOut();
    const none = await expectSentcError(sentc, Sentc.getActualUser(), "NotLoggedIn");
    assert.equal(none.status, "client_5018", "our own code where sentc has none");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
