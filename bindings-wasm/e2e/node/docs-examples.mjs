// sentc's documented JavaScript examples (sentc.com docs: quick start, user, group, encrypt, own
// backend), run against this package and server as the docs write them. Changed: the import
// ("@sentclose/sentc" -> "sentc"), the app token, the server address (sentc's default is its
// hosted API), and the docs' "<placeholders>", which get real values. Each block names its doc
// page and heading. Run by e2e/node.test.mjs.
import assert from "node:assert/strict";
import Sentc from "sentc";

const { base_url, public_token, secret_token } = JSON.parse(process.argv[2]);

// docs/README.md, "Easy to use, installed or in the browser"
{
  //init the javascript client
  await Sentc.init({
    base_url,
    app_token: public_token, // <-- your app token
  });

  //register a user
  await Sentc.register("username", "password");

  //login a user, ignoring possible Multi-factor auth
  const user = await Sentc.login("username", "password", true);

  //create a group
  const group_id = await user.createGroup();

  //load a group. returned a group obj for every user.
  const group = await user.getGroup(group_id);

  //encrypt a string for the group
  const encrypted_string = await group.encryptString("hello there!");

  //now every user in the group can decrypt the string
  const decrypted_string = await group.decryptString(encrypted_string);

  assert.equal(decrypted_string, "hello there!");
}

// docs/guide/e2ee/user.md
const [device_identifier, device_pw] = Sentc.generateRegisterData(); // "Register"
await Sentc.register(device_identifier, device_pw);
assert.equal(await Sentc.checkUserIdentifierAvailable("identifier"), true); // "check identifier available"
{
  // "Own backend": prepare in the client, send with the secret token from the backend, done.
  const input = await Sentc.prepareRegister("identifier", "password");
  const response = await fetch(`${base_url}/api/v1/register`, {
    method: "POST",
    headers: { "x-sentc-app-token": secret_token },
    body: input,
  });
  const user_id = Sentc.doneRegister(await response.text());
  assert.ok(user_id);
}
// "Login with mfa handling"
let user;
const user_data = await Sentc.login("identifier", "password");
if (user_data.kind === "mfa") {
  user = await Sentc.mfaLogin("<token-from-mfa-app>", user_data.u);
} else {
  user = user_data.u;
}
// "User object" and "The User Data"
assert.equal((await Sentc.getActualUser()).data.user_id, user.data.user_id);
const refresh_token = user.data.refresh_token;
const user_id = user.data.user_id;
const device_id = user.data.device_id;
assert.ok(refresh_token && user_id && device_id);
{
  // "Get devices"
  const devices = await user.getDevices();
  assert.equal(devices[0].device_id, device_id);
  const last_item = devices[devices.length - 1];
  const devices_page_two = await user.getDevices(last_item);
  assert.deepEqual(devices_page_two, []);
}
await user.changePassword("password", "new_password"); // "Change password"
await user.updateUser("new_identifier"); // "Update user or device identifier"
{
  // "Public user information" and "Verify a users public key"
  const key = await Sentc.getUserPublicKey(user_id);
  assert.equal(key.verified, true);
  const verify = await Sentc.verifyUserPublicKey(user_id, key);
  assert.equal(verify, true);
}
{
  // "Multi-Factor authentication", then a login with the second factor pending
  const [url, recovery_keys] = await user.registerOtp("issuer", "audience", "new_password");
  assert.match(url, /^otpauth:\/\/totp\/issuer:audience\?secret=/);
  assert.equal(user.user_data.mfa, true);
  const keys = await user.getOtpRecoverKeys("new_password", recovery_keys[0], true);
  assert.equal(keys.length, recovery_keys.length - 1, "the recovery key used for the fresh login is spent");
  const login = await Sentc.login("new_identifier", "new_password");
  assert.equal(login.kind, "mfa");
  // "Login forced" with a second factor: sentc's client_10000.
  await assert.rejects(Sentc.login("new_identifier", "new_password", true), (error) => error.status === "client_10000");
  user = await Sentc.mfaRecoveryLogin(recovery_keys[1], login.u); // "Login with recovery key"
  assert.equal(user.user_data.mfa, true);
  await user.disableOtp("new_password", recovery_keys[2], true); // "Disable mfa"
  assert.equal(user.user_data.mfa, false);
}

// docs/guide/e2ee/group.md, with a second user (the "internal_user_id" of the docs)
const other_id = await Sentc.register("other", "other password");
const other = await Sentc.login("other", "other password", true);
const group_id = await user.createGroup(true); // "Sign a group key"
let group = await user.getGroup(group_id, undefined, 1); // "Fetch a group and verify the group key"
{
  const groups = await user.getGroups(); // "Get all groups"
  assert.ok(groups.some((item) => item.group_id === group_id));
  const groups_page_two = await user.getGroups(groups[groups.length - 1]);
  assert.deepEqual(groups_page_two, []);
}
await group.invite(other_id, 1); // "Invite a user"
{
  const invites = await other.getGroupInvites();
  assert.equal(invites[0].group_id, group_id);
  await other.acceptGroupInvite(invites[0].group_id);
}
const otherGroup = await other.getGroup(group_id);
await group.updateRank(other_id, 2); // "Group rank"
{
  const members = await group.getMember(); // "Get group member"
  assert.ok(members.some((member) => member.user_id === other_id));
  const last_item = members[members.length - 1];
  await group.getMember(last_item);
}
{
  // "Encrypt and decrypt in a group"
  const encrypted_string = await group.encryptString("hello there £ Я a a 👍");
  const decrypted_string = await otherGroup.decryptString(encrypted_string);
  assert.equal(decrypted_string, "hello there £ Я a a 👍");
}
{
  // "Join request"
  const joinable = await other.getGroup(await other.createGroup());
  await user.groupJoinRequest(joinable.data.group_id);
  const list = await user.sentJoinReq();
  assert.equal(list[0].group_id, joinable.data.group_id);
  const req = await joinable.getJoinRequests();
  assert.equal(req[0].user_id, user_id);
  await joinable.acceptJoinRequest(req[0].user_id, 0, 1);
  assert.equal((await user.getGroup(joinable.data.group_id)).data.rank, 1);
}
{
  // "Parent and child group"
  const child_id = await group.createChildGroup();
  const child = await user.getGroup(child_id);
  const group_from_parent = await group.getChildGroup(child_id);
  assert.equal(child.data.group_id, group_from_parent.data.group_id);
  const children = await group.getChildren();
  assert.equal(children[0].group_id, child_id);
}
{
  // "Connected groups"
  const connected_group_id = await group.createConnectedGroup();
  const connected_group = await group.getConnectedGroup(connected_group_id);
  const connected_group_by_user = await user.getGroup(connected_group_id, group_id);
  assert.equal(connected_group.data.group_id, connected_group_by_user.data.group_id);
  const connected_groups = await group.getGroups();
  assert.equal(connected_groups[0].group_id, connected_group_id);
}
{
  // "Key rotation start" / "Key rotation finish"
  const before = await group.encryptString("before the rotation", true);
  await group.keyRotation(true);
  group = await user.getGroup(group_id);
  await group.finishKeyRotation(1);
  assert.equal(await otherGroup.decryptString(before, true, user_id), "before the rotation");
}
await group.reInviteUser(other_id); // "Re invite"
{
  // "Public group information"
  const public_group_key = await Sentc.getGroupPublicKey(group_id);
  assert.ok(public_group_key.key && public_group_key.id);
}

// docs/guide/e2ee/encrypt.md
{
  const encrypted = await user.encrypt(new Uint8Array([1, 1, 1, 1]), other_id, true);
  const decrypted = await other.decrypt(encrypted, true, user_id);
  assert.deepEqual([...decrypted], [1, 1, 1, 1]);
  const encrypted_string = await user.encryptString("hello there!", other_id);
  assert.equal(await other.decryptString(encrypted_string), "hello there!");
}
// docs/guide/encrypt.md, "Register a key" (for a group)
{
  const key = await group.registerKey();
  const key_id = key.key_id;
  const master_key_id = key.master_key_id;
  const encrypted = key.encrypt(new TextEncoder().encode("data"));
  // A Group holds the generations it had when fetched: after the rotation, fetch it again.
  const fetched = await (await other.getGroup(group_id)).fetchKey(key_id, master_key_id);
  assert.equal(new TextDecoder().decode(fetched.decrypt(encrypted)), "data");
}
// docs/guide/encrypt.md, "Register a key" and "Fetch a key" (for a user: the key is wrapped for
// the user's own public key)
{
  const key = await user.registerKey();
  const key_id = key.key_id;
  const master_key_id = key.master_key_id;
  const encrypted = key.encrypt(new TextEncoder().encode("data"));
  const fetched = await user.fetchKey(key_id, master_key_id);
  assert.equal(new TextDecoder().decode(fetched.decrypt(encrypted)), "data");
}
// sentc's JS SDK 0.15 (AbstractAsymCrypto): keys for another user, by reply id
{
  const key = await user.registerKey(other_id);
  const fetched = await other.fetchGeneratedKey(key.key_id, key.master_key_id);
  assert.equal(fetched.decryptString(key.encryptString("for other")), "for other");
  await assert.rejects(user.fetchGeneratedKey(key.key_id, key.master_key_id), (error) => error.codeName === "KeyRequired");
  const [generated, encrypted_key] = await user.generateNonRegisteredKey(other_id);
  const opened = await other.getNonRegisteredKey(generated.master_key_id, encrypted_key);
  assert.equal(opened.key_id, generated.key_id);
}

// docs/guide/e2ee/group.md: "Delete group member", "Leave a group", "Delete a group"
await group.kickUser(other_id);
await group.deleteGroup();
// docs/guide/e2ee/user.md: "Delete device" (the only one: 5013 LastDevice), "Log out", "Delete account"
await assert.rejects(user.deleteDevice("new_password", device_id), (error) => error.status === "server_115");
await other.logOut();
// As in sentc's default app settings, deleting a user is for the app's backend (secret token).
await assert.rejects(user.deleteUser("new_password"), (error) => error.codeName === "SecretTokenRequired");
console.log("docs: every example held");
