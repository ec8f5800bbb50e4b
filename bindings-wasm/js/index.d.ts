// The public types of the package: sentc's JavaScript API (names, argument orders, result
// shapes) and our additions. Written by hand over the internal WebAssembly module, whose own
// generated declarations are not part of the API. Checked by bindings-wasm/tests/types.

/** Storage for the logged-in user's session and keys; methods may return promises. */
export interface SentcStorage {
  get(key: string): Promise<string | null | undefined> | string | null | undefined;
  set(key: string, value: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** sentc's refresh strategies: the app's endpoint with cookies, the app's function, or the sentc API. */
export declare const REFRESH_ENDPOINT: Readonly<{ cookie: 0; cookie_fn: 1; api: 2 }>;

/** How the JWT is refreshed (default: the sentc API). */
export interface RefreshOptions {
  endpoint: 0 | 1 | 2;
  endpoint_url?: string;
  endpoint_fn?: (oldJwt: string) => Promise<string>;
}

/** `Sentc.init` options. */
export interface SentcOptions {
  /** The sentc server, e.g. "https://api.example.com" (required: there is no hosted default). */
  base_url: string;
  /** The app's public token. */
  app_token: string;
  refresh?: RefreshOptions;
  /** "indexeddb" (the browser default, encrypted at rest), "memory" (the Node.js default), or your own storage. */
  storage?: "indexeddb" | "memory" | SentcStorage;
  /** A fetch implementation instead of globalThis.fetch. */
  fetch?: typeof fetch;
  /** Prefix of the storage keys and name of the IndexedDB database (default "sentc"). */
  store_prefix?: string;
  /** sentc's option, accepted and not needed: the package loads its own module. */
  wasm_path?: unknown;
}

/** Every error the package throws. */
export declare class SentcError extends Error {
  readonly name: "SentcError";
  /** The stable error code (docs/errors.md). */
  readonly code: number;
  /** The code's name, e.g. "KeyRequired". */
  readonly codeName: string;
  /** "input" | "key" | "crypto" | "app" | "user" | "group" | "file" | "otp" | "server" | "client". */
  readonly area: string;
  /** The key the error is about (e.g. the missing key of "KeyRequired"). */
  readonly keyId?: string;
  /** sentc's status: "server_<n>" or "client_<n>" (docs/migrating-from-sentc.md). */
  readonly status: string;
  /** sentc's message field. */
  readonly error_message: string;
  /** `{"status": ..., "error_message": ...}`, as sentc throws it. */
  toString(): string;
}

/** A new device between `prepareRegisterDeviceStart` and `doneRegisterDeviceStart`. */
export interface DeviceStart {
  /** The body of `POST /api/v1/user/prepare_register_device`. */
  readonly body: string;
}

/** A login waiting for its second factor: pass it to `Sentc.mfaLogin` or `Sentc.mfaRecoveryLogin`. */
export interface UserMfaLogin {
  readonly deviceIdentifier: string;
}

/** The result of `Sentc.login`: narrow on `kind`. */
export type LoginUser = { kind: "user"; u: User } | { kind: "mfa"; u: UserMfaLogin };

/** sentc's shape of a user's public key (always verified here, through the user's key chain). */
export interface UserPublicKeyData {
  public_key: string;
  public_key_id: string;
  public_key_sig_key_id?: string;
  verified: boolean;
}

/** sentc's `OtpRegister`. */
export interface OtpRegister {
  /** The TOTP secret (base32). */
  secret: string;
  /** The TOTP hash: "SHA1". */
  alg: string;
  /** Single-use recovery codes. */
  recover: string[];
}

/** sentc's `user.user_data`, without key material. */
export interface UserData {
  user_id: string;
  device_id: string;
  jwt: string;
  refresh_token: string;
  newest_key_id: string;
}

/** sentc's `group.data`, without key material. */
export interface GroupData {
  group_id: string;
  parent_group_id?: string;
  rank: number;
  from_parent: boolean;
  access_by_parent_group?: string;
  access_by_group_as_member?: string;
  newest_key_id: string;
  /** Ours: every key generation this client holds, oldest first. */
  key_ids: string[];
}

/** How the user reaches a group. */
export type AccessBy =
  | { kind: "direct" }
  | { kind: "parent"; group_id: string }
  | { kind: "connected"; group_id: string };

/** The user's access as the server sees it now (`groupUpdateCheck`). */
export interface GroupLight {
  group_id: string;
  parent_id: string | null;
  rank: number;
  created_time: number;
  joined_time: number;
  is_connected_group: boolean;
  access_by: AccessBy;
}

/** A device (sentc's fields, and ours). */
export interface UserDeviceList {
  device_id: string;
  time: number;
  device_identifier: string;
  identifier: string;
  created_at: number;
}

/** A group in a list (sentc's fields, and ours). */
export interface GroupList {
  group_id: string;
  time: number;
  parent: string | null;
  parent_id: string | null;
}

/** A first-level child group. */
export type GroupChildrenListItem = GroupList;

/** An invite or a sent join request (sentc's fields, and ours). */
export interface GroupInviteListItem {
  group_id: string;
  time: number;
  id: string;
  member_type: "user" | "group";
  rank: number;
}

/** A join request to a group (sentc's fields: `user_type` 0 a user, 2 a group). */
export interface GroupJoinReqListItem {
  user_id: string;
  time: number;
  user_type: 0 | 2;
  id: string;
  member_type: "user" | "group";
  rank: number;
}

/** A member (sentc's fields: `user_type` 0 a user, 2 a group). */
export interface GroupUserListItem {
  user_id: string;
  rank: number;
  joined_time: number;
  user_type: 0 | 2;
  member_id: string;
  member_type: "user" | "group";
}

/** sentc's verify levels: 0, 1 and 2 all verify the key chain here; 3 also accepts a group an app backend created. */
export type VerifyLevel = 0 | 1 | 2 | 3;

/** A symmetric key handle (the key bytes stay in the WebAssembly module). */
export declare class SymKey {
  private constructor();
  readonly key_id: string;
  /** The id of the group key this key is wrapped by. */
  readonly master_key_id: string;
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
  encryptString(data: string): string;
  decryptString(data: string): string;
}

/** A group the user reaches, with its keys. */
export declare class Group {
  private constructor();
  readonly data: GroupData;
  readonly groupId: string;
  readonly rank: number;
  readonly parentId: string | null;
  readonly accessBy: AccessBy;
  readonly invitesAllowed: boolean;
  readonly keyIds: string[];

  encrypt(data: Uint8Array, sign?: boolean): Promise<Uint8Array>;
  encryptSync(data: Uint8Array, sign?: boolean): Uint8Array;
  /** With `verify` and `userId`, that user's signature must verify (unsigned data is refused). */
  decrypt(data: Uint8Array, verify?: boolean, userId?: string): Promise<Uint8Array>;
  encryptString(data: string, sign?: boolean): Promise<string>;
  encryptStringSync(data: string, sign?: boolean): string;
  decryptString(data: string, verify?: boolean, userId?: string): Promise<string>;
  /** Ours: bound to `context`, it decrypts only with the same context. */
  encryptWithContext(data: Uint8Array, context: string, sign?: boolean): Uint8Array;
  decryptWithContext(data: Uint8Array, context: string, verifyUserId?: string): Promise<Uint8Array>;
  encryptStringWithContext(data: string, context: string, sign?: boolean): string;
  decryptStringWithContext(data: string, context: string, verifyUserId?: string): Promise<string>;

  registerKey(): Promise<SymKey>;
  fetchKey(keyId: string, masterKeyId: string): Promise<SymKey>;
  deleteKey(keyId: string): Promise<void>;
  generateNonRegisteredKey(): Promise<[SymKey, string]>;
  getNonRegisteredKey(masterKeyId: string, key: string): Promise<SymKey>;

  getChildGroup(groupId: string, verify?: VerifyLevel): Promise<Group>;
  getConnectedGroup(groupId: string, verify?: VerifyLevel): Promise<Group>;
  getChildren(lastFetchedItem?: GroupChildrenListItem | null): Promise<GroupChildrenListItem[]>;
  prepareCreateChildGroup(sign?: boolean): [string, string];
  createChildGroup(sign?: boolean): Promise<string>;
  createConnectedGroup(sign?: boolean): Promise<string>;
  groupUpdateCheck(): Promise<GroupLight>;

  getMember(lastFetchedItem?: GroupUserListItem | null): Promise<GroupUserListItem[]>;
  invite(userId: string, rank?: number): Promise<void>;
  inviteAuto(userId: string, rank?: number): Promise<void>;
  reInviteUser(userId: string): Promise<void>;
  reInviteGroup(groupId: string): Promise<void>;
  stopInvites(): Promise<void>;
  setInvitesAllowed(allowed: boolean): Promise<void>;
  getJoinRequests(lastFetchedItem?: GroupJoinReqListItem | null): Promise<GroupJoinReqListItem[]>;
  acceptJoinRequest(userId: string, userType?: 0 | 2, rank?: number): Promise<void>;
  rejectJoinRequest(userId: string): Promise<void>;
  updateRank(userId: string, newRank: number): Promise<void>;
  kickUser(userId: string): Promise<void>;
  leave(): Promise<void>;
  deleteGroup(): Promise<void>;

  getGroups(lastFetchedItem?: GroupList | null): Promise<GroupList[]>;
  groupJoinRequest(groupId: string): Promise<void>;
  sentJoinReq(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  deleteJoinReq(groupId: string): Promise<void>;

  prepareKeyRotation(sign?: boolean): Promise<string>;
  keyRotation(sign?: boolean): Promise<string>;
  /** `verify` is accepted; signatures are always checked. */
  finishKeyRotation(verify?: boolean): Promise<void>;
}

/** The logged-in user. */
export declare class User {
  private constructor();
  readonly user_data: UserData;
  /** The same as `user_data` (sentc's docs use `user.data`). */
  readonly data: UserData;
  readonly userId: string;
  readonly deviceId: string;
  readonly identifier: string;
  readonly newestKeyId: string;

  getJwt(): Promise<string>;
  currentJwt(): string;
  refreshToken(): string;
  reauthenticate(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;

  updateUser(newIdentifier: string): Promise<void>;
  changePassword(oldPassword: string, newPassword: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  resetPassword(newPassword: string): Promise<void>;
  logOut(): Promise<void>;
  deleteUser(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;

  deleteDevice(password: string, deviceId: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  registerDevice(serverOutput: string): Promise<void>;
  getDevices(lastFetchedItem?: UserDeviceList | null): Promise<UserDeviceList[]>;
  revokeAllSessions(): Promise<void>;
  revokeDeviceSessions(deviceId: string): Promise<void>;

  registerRawOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<OtpRegister>;
  registerOtp(issuer: string, audience: string, password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<[string, string[]]>;
  resetRawOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<OtpRegister>;
  resetOtp(issuer: string, audience: string, password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<[string, string[]]>;
  disableOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  getOtpRecoverKeys(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<string[]>;

  keyRotation(): Promise<string>;
  finishKeyRotation(): Promise<void>;
  createSafetyNumber(userToCompare?: { user_id: string; verify_key_id?: string }): Promise<string>;
  safetyNumber(otherUserId: string): Promise<string>;
  sign(data: Uint8Array): Uint8Array;
  verify(userId: string, signed: Uint8Array): Promise<Uint8Array>;

  encrypt(data: Uint8Array, replyId: string, sign?: boolean): Promise<Uint8Array>;
  decrypt(data: Uint8Array, verify?: boolean, userId?: string): Promise<Uint8Array>;
  encryptString(data: string, replyId: string, sign?: boolean): Promise<string>;
  decryptString(data: string, verify?: boolean, userId?: string): Promise<string>;

  createGroup(sign?: boolean): Promise<string>;
  prepareGroupCreate(sign?: boolean): string;
  getGroup(groupId: string, groupAsMember?: string, verify?: VerifyLevel): Promise<Group>;
  getGroups(lastFetchedItem?: GroupList | null): Promise<GroupList[]>;
  getGroupInvites(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  acceptGroupInvite(groupId: string): Promise<void>;
  rejectGroupInvite(groupId: string): Promise<void>;
  groupJoinRequest(groupId: string): Promise<void>;
  sentJoinReq(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  deleteJoinReq(groupId: string): Promise<void>;
}

/** The entry points. Call `Sentc.init` first. */
export declare class Sentc {
  private constructor();
  /** Sets up the client; the user logged in on this device before, or undefined. */
  static init(options: SentcOptions): Promise<User | undefined>;
  /** True when the identifier is free. */
  static checkUserIdentifierAvailable(userIdentifier: string): Promise<boolean>;
  /** `[identifier, password]`, random. */
  static generateRegisterData(): [string, string];
  static prepareRegister(userIdentifier: string, password: string): string;
  static doneRegister(serverOutput: string): string;
  static register(userIdentifier: string, password: string): Promise<string>;
  static login(deviceIdentifier: string, password: string): Promise<LoginUser>;
  /** The user itself; a user with a second factor is an error (8001 OtpRequired). */
  static login(deviceIdentifier: string, password: string, force: true): Promise<User>;
  static mfaLogin(token: string, loginData: UserMfaLogin): Promise<User>;
  static mfaRecoveryLogin(recoveryToken: string, loginData: UserMfaLogin): Promise<User>;
  /** Throws 5018 NotLoggedIn when no user is logged in. */
  static getActualUser(): Promise<User>;
  static getActualUser(jwt: boolean): Promise<User>;
  static getActualUser(jwt: boolean, username: true): Promise<[User, string]>;
  static prepareRegisterDeviceStart(deviceIdentifier: string, password: string): DeviceStart;
  static doneRegisterDeviceStart(start: DeviceStart, serverOutput: string): Promise<string>;
  static registerDeviceStart(deviceIdentifier: string, password: string): Promise<string>;
  static getUserPublicKey(userId: string): Promise<UserPublicKeyData>;
  static getUserVerifyKey(userId: string, keyId: string): Promise<string>;
  static getGroupPublicKey(groupId: string): Promise<{ key: string; id: string }>;
  static verifyUserPublicKey(userId: string, publicKey: UserPublicKeyData, force?: boolean): Promise<boolean>;
  /** Ours: forgets what this device pinned for `identifier` (password parameters, key chain). */
  static unpinIdentifier(identifier: string): Promise<void>;
  /** Ours: forgets the identity pinned for another user, after a changed safety number was checked. */
  static acceptIdentityChange(userId: string): Promise<void>;
}

export default Sentc;
