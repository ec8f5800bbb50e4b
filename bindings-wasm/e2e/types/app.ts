// A sample app against the published types, written as sentc's docs write it; compiled with
// `tsc --strict` by e2e/types.test.mjs. Never run.
import Sentc, { SentcError, type Group, type User } from "sentc";

export async function start(): Promise<User | undefined> {
  return Sentc.init({ base_url: "https://api.example.com", app_token: "public token" });
}

export async function login(identifier: string, password: string, otp: () => Promise<string>): Promise<User> {
  const result = await Sentc.login(identifier, password);
  if (result.kind === "mfa") {
    // Narrowed: `u` is the MFA state here, and a User below.
    return Sentc.mfaLogin(await otp(), result.u);
  }
  return result.u;
}

export async function share(user: User, otherUserId: string): Promise<string> {
  const groupId = await user.createGroup();
  const group: Group = await user.getGroup(groupId, undefined, 2);
  await group.invite(otherUserId, 2);
  const members = await group.getMember();
  const next = await group.getMember(members[members.length - 1]);
  await group.updateRank(next[0]?.user_id ?? otherUserId, 3);
  const encrypted = await group.encryptString("hello", true);
  const plain: string = await group.decryptString(encrypted, true, user.user_data.user_id);
  const [key, wrapped] = await group.generateNonRegisteredKey();
  const again = await group.getNonRegisteredKey(key.master_key_id, wrapped);
  const forOther = await user.registerKey(otherUserId);
  const [mine, mineWrapped] = await user.generateNonRegisteredKey();
  const reopened = await user.getNonRegisteredKey(mine.master_key_id, mineWrapped);
  console.log(forOther.key_id, reopened.key_id);
  return plain + again.decryptString(key.encryptString("x"));
}

/** sentc's searchable and sortable methods, typed. */
export function index(group: Group, user: User, title: string, date: number): [string[], number, string] {
  const hashes: string[] = group.createSearchRaw(title.toLowerCase(), false, 10, "NFC");
  const [full, alg, keyId]: [string[], string, string] = group.createSearch(title, true);
  const query: string = group.search("inv");
  const all: string[] = user.searchAll("inv", "NFKC");
  const sorted: number = group.encryptSortableRawNumber(date);
  const [byName, , nameKey]: [number, string, string] = user.encryptSortableString(title);
  console.log(full, alg, query, all, byName, nameKey, group.encryptSortableRawString(title), user.encryptSortableNumber(date)[0]);
  return [hashes, sorted, keyId];
}

export async function account(user: User): Promise<void> {
  const [url, recover] = await user.registerOtp("issuer", "alice", "password");
  console.log(url, recover.length);
  const devices = await user.getDevices();
  await user.deleteDevice("password", devices[0]?.device_id ?? "", "123456");
  const invites = await user.getGroupInvites(null);
  await Promise.all(invites.map((invite) => user.acceptGroupInvite(invite.group_id)));
  const number: string = await user.createSafetyNumber({ user_id: "other", verify_key_id: "key" });
  console.log(number);
  await user.logOut();
}

export function handle(error: unknown): string {
  if (error instanceof SentcError) {
    const sentcShape: { status: string; error_message: string } = JSON.parse(error.toString());
    return `${error.code} ${error.codeName} ${sentcShape.status}`;
  }
  return "unknown";
}

export async function backend(): Promise<string> {
  const [identifier, password] = Sentc.generateRegisterData();
  const input: string = Sentc.prepareRegister(identifier, password);
  const response = await fetch("https://api.example.com/api/v1/register", { method: "POST", body: input });
  return Sentc.doneRegister(await response.text());
}

export async function ownBackend(group: Group, identifier: string): Promise<boolean> {
  const body = Sentc.prepareCheckUserIdentifierAvailable(identifier);
  if (body === false) return false;
  const free: boolean = Sentc.doneCheckUserIdentifierAvailable(body);
  const invite: string = await group.prepareKeysForNewMember("user", 2, 0, false);
  await group.handleInviteSessionKeysForNewMember("session", "user", true);
  const rank: string = group.prepareUpdateRank("user", 1);
  const user = await Sentc.getUser(identifier);
  if (user !== false) console.log(user.user_data.user_id);
  const store = await Sentc.getStore();
  await store.set("k", { a: 1 });
  const value = await store.getItem<{ a: number }>("k");
  return free && invite.length + rank.length > (value?.a ?? 0);
}

export async function files(group: Group, user: User, file: File): Promise<number> {
  const created = await group.createFile(file, false, (progress: number) => console.log(progress));
  const [url, meta, key] = await group.downloadFile(created.file_id);
  await group.updateFileName(meta.file_id, key, "new name");
  const prepared = await user.prepareRegisterFile(file, "other user");
  const [fileId, sessionId] = user.doneFileRegister("server output");
  await user.uploadFile(file, prepared.key, sessionId, false, undefined, { signal: new AbortController().signal });
  const { stream } = await user.downloadFileStream(fileId, { onProgress: () => undefined });
  await group.deleteFile(created.file_id);
  return url.length + meta.part_list.length + (stream.locked ? 1 : 0);
}
