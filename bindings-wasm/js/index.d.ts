// The public types of the package: sentc's JavaScript API (names, argument orders, result
// shapes) and our additions. Written by hand over the internal WebAssembly module, whose own
// generated declarations are not part of the API. Checked by bindings-wasm/tests/types.

/** Storage for the logged-in user's session and keys; methods may return promises. */
export interface SentcStorage {
  get(key: string): Promise<string | null | undefined> | string | null | undefined;
  set(key: string, value: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** `Sentc.getStore()`: the app's own values (anything JSON can hold), apart from the SDK's. */
export interface SentcAppStore {
  getItem<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, item: unknown): Promise<void>;
  delete(key: string): Promise<void>;
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
  /** sentc's `file_part_url`: the app's own storage for file parts (docs/files.md). */
  file_part_url?: string;
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
  /** Whether the user has a second factor enabled, as of the login or this device's last change of it. */
  mfa: boolean;
}

/** sentc's `group.data`, without key material. */
export interface GroupData {
  group_id: string;
  parent_group_id?: string;
  rank: number;
  /** Always false: fetching a group finishes the key rotations waiting for the user. */
  key_update: boolean;
  create_time: number;
  joined_time: number;
  is_connected_group: boolean;
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

/** sentc's raw form of an encrypted item: the header (base64) apart from the rest. */
export interface CryptoRawOutput {
  head: string;
  data: Uint8Array;
}

/** sentc's verify levels: 0, 1 and 2 all verify the key chain here; 3 also accepts a group an app backend created. */
export type VerifyLevel = 0 | 1 | 2 | 3;

/** A symmetric key handle (the key bytes stay in the WebAssembly module). */
/** sentc's `FilePrepareCreateOutput`; `file_id` is ours (the content key's id). */
export interface FilePrepareCreateOutput {
  server_input: string;
  encrypted_file_name?: string;
  key: SymKey;
  master_key_id: string;
  file_id: string;
}

/** sentc's `FileCreateOutput`. */
export interface FileCreateOutput {
  file_id: string;
  master_key_id: string;
  encrypted_file_name?: string;
}

/** One part of a file (sentc's part list item; `size` is ours). */
export interface FilePartListItem {
  part_id: string;
  sequence: number;
  size: number;
  extern_storage: boolean;
}

/** sentc's `FileMetaInformation` (the content key wrapped, not an `encrypted_key` string). */
export interface FileMetaInformation {
  file_id: string;
  master_key_id: string;
  wrapped_key: string;
  belongs_to_type: "group" | "user" | "none";
  belongs_to?: string;
  owner: string;
  encrypted_file_name?: string;
  file_name?: string;
  complete: boolean;
  created_at: number;
  part_list: FilePartListItem[];
}

/** Ours: what file transfers take beside sentc's progress callback. */
export interface FileTransferOptions {
  /** Stops the transfer between parts with `10007 Cancelled`. */
  signal?: AbortSignal;
}

/** Ours: the options of `downloadFileBlob` and `downloadFileStream`. */
export interface FileDownloadOptions extends FileTransferOptions {
  onProgress?: (progress: number) => void;
  /** A verify key or the creator's user id: the file's content key must be signed by it. */
  verifyKey?: string;
}

/** sentc's upload cancellation: set `cancel_upload` to stop running uploads. */
export declare class Uploader {
  static cancel_upload: boolean;
}

/** sentc's download cancellation: set `cancel_download` to stop running downloads. */
export declare class Downloader {
  static cancel_download: boolean;
}

/** sentc's file methods, the same on `Group` and `User`. */
export interface FileMethods {
  /** sentc's `doneFileRegister`: `[file_id, session_id]`. */
  doneFileRegister(serverOutput: string): [string, string];
  /** sentc's `uploadFile`: encrypts and uploads a registered file, chunk by chunk. */
  uploadFile(file: Blob | File, contentKey: SymKey, sessionId: string, sign?: boolean, uploadCallback?: (progress: number) => void, options?: FileTransferOptions): Promise<void>;
  /**
   * sentc's `downloadFileMetaInfo`: `[meta, key]` with `meta.file_name` decrypted. With
   * `verifyKey` (from `Sentc.getUserVerifyKey`, or ours: the creator's user id) the file's
   * content key must be signed by it.
   */
  downloadFileMetaInfo(fileId: string, verifyKey?: string): Promise<[FileMetaInformation, SymKey]>;
  /** sentc's `downloadFileWithMetaInfo`: a blob URL of the decrypted file. */
  downloadFileWithMetaInfo(key: SymKey, fileMeta: FileMetaInformation, verifyKey?: string, updateProgressCb?: (progress: number) => void, options?: FileTransferOptions): Promise<string>;
  /** sentc's `downloadFile`: `[url, meta, key]`. */
  downloadFile(fileId: string, verifyKey?: string, updateProgressCb?: (progress: number) => void, options?: FileTransferOptions): Promise<[string, FileMetaInformation, SymKey]>;
  /** Ours: the decrypted file as a `Blob`. */
  downloadFileBlob(fileId: string, options?: FileDownloadOptions): Promise<{ blob: Blob; meta: FileMetaInformation; key: SymKey }>;
  /** Ours: the decrypted file as a `ReadableStream`, one chunk per part, fetched as it is read. */
  downloadFileStream(fileId: string, options?: FileDownloadOptions): Promise<{ stream: ReadableStream<Uint8Array>; meta: FileMetaInformation; key: SymKey }>;
  /** sentc's `updateFileName` (no name: removes it). */
  updateFileName(fileId: string, contentKey: SymKey, fileName?: string): Promise<void>;
  /** sentc's `deleteFile`. */
  deleteFile(fileId: string): Promise<void>;
}

/** A Unicode normalisation form, applied with JavaScript's `String.prototype.normalize` before hashing. */
export type NormalizationForm = "NFC" | "NFD" | "NFKC" | "NFKD";

/**
 * sentc's searchable and sortable methods, the same on `Group` and `User` (synchronous, as in
 * sentc). Hashes and numbers are made with the newest key generation; docs/searchable.md says
 * what they leak.
 */
export interface SearchMethods {
  /** sentc's `createSearchRaw`: the hashes to store; `full` only the whole value's, else its first `limit` prefixes by character (all, at most 200, without a limit). Ours: `normalize`. */
  createSearchRaw(data: string, full?: boolean, limit?: number, normalize?: NormalizationForm): string[];
  /** sentc's `createSearch`: `[hashes, alg, keyId]`. */
  createSearch(data: string, full?: boolean, limit?: number, normalize?: NormalizationForm): [string[], string, string];
  /** sentc's `search`: the hash to look up for a query (newest key). */
  search(data: string, normalize?: NormalizationForm): string;
  /** Ours: the query's hash under every key generation, newest first (data hashed before a key rotation). */
  searchAll(data: string, normalize?: NormalizationForm): string[];
  /** sentc's `encryptSortableRawNumber`: an integer from 0 to 2^48 - 1 to a number below 2^53 that sorts like it. */
  encryptSortableRawNumber(number: number): number;
  /** sentc's `encryptSortableNumber`: `[number, alg, keyId]`. */
  encryptSortableNumber(number: number): [number, string, string];
  /** sentc's `encryptSortableRawString`: a number that sorts like the string's first 6 UTF-8 bytes. */
  encryptSortableRawString(data: string): number;
  /** sentc's `encryptSortableString`: `[number, alg, keyId]`. */
  encryptSortableString(data: string): [number, string, string];
}

/** A group's file, searchable and sortable methods. */
export interface Group extends FileMethods, SearchMethods {}
/** A user's file, searchable and sortable methods. */
export interface User extends FileMethods, SearchMethods {}

export declare class SymKey {
  private constructor();
  /** The key's id. */
  readonly key_id: string;
  /** The id of the key this key is wrapped by: a group key, or the public key of the user it was made for. */
  readonly master_key_id: string;
  /** Encrypts bytes. */
  encrypt(data: Uint8Array): Uint8Array;
  /** Decrypts bytes made by `encrypt`. */
  decrypt(data: Uint8Array): Uint8Array;
  /** Encrypts a string (base64 result). */
  encryptString(data: string): string;
  /** Decrypts a string made by `encryptString`. */
  decryptString(data: string): string;
  /** sentc's `encryptRaw`: the header apart from the rest. */
  encryptRaw(data: Uint8Array): CryptoRawOutput;
  /** Decrypts the raw form. */
  decryptRaw(head: string, data: Uint8Array): Uint8Array;
  /** sentc's `deleteKey(jwt)`: deletes this registered key (its creator only); the SDK uses its own JWT. */
  deleteKey(jwt?: string): Promise<void>;
}

/** A group the user reaches, with its keys. */
export declare class Group {
  private constructor();
  /** sentc's `group.data`: what the SDK knows about the group (no key material). */
  readonly data: GroupData;
  /** The group's id. */
  readonly groupId: string;
  /** The user's rank: 0 creator, 1 admin, 2 member manager, 3 content manager, 4 member. */
  readonly rank: number;
  /** The parent group's id, or null. */
  readonly parentId: string | null;
  /** How the user reaches the group. */
  readonly accessBy: AccessBy;
  /** Whether the group takes invites and join requests. */
  readonly invitesAllowed: boolean;
  /** The ids of the key generations this client holds, oldest first. */
  readonly keyIds: string[];

  /** Encrypts bytes with the newest group key; `sign` signs with the user's sign key. */
  encrypt(data: Uint8Array, sign?: boolean): Promise<Uint8Array>;
  /** `encrypt` without a promise. */
  encryptSync(data: Uint8Array, sign?: boolean): Uint8Array;
  /** With `verify` and `userId`, that user's signature must verify (unsigned data is refused). */
  decrypt(data: Uint8Array, verify?: boolean, userId?: string): Promise<Uint8Array>;
  /** `decrypt` without a promise and without a signature check. */
  decryptSync(data: Uint8Array): Uint8Array;
  /** sentc's `encryptRaw`: `{ head, data }`, the header (base64) apart from the rest. */
  encryptRaw(data: Uint8Array, sign?: boolean): Promise<CryptoRawOutput>;
  /** `encryptRaw` without a promise. */
  encryptRawSync(data: Uint8Array, sign?: boolean): CryptoRawOutput;
  /** Decrypts the raw form (`head` and `data` of `encryptRaw`). */
  decryptRaw(head: string, data: Uint8Array): Promise<Uint8Array>;
  /** `decryptRaw` without a promise. */
  decryptRawSync(head: string, data: Uint8Array): Uint8Array;
  /** Encrypts a string (base64 result). */
  encryptString(data: string, sign?: boolean): Promise<string>;
  /** `encryptString` without a promise. */
  encryptStringSync(data: string, sign?: boolean): string;
  /** Decrypts a string; `verify` and `userId` as in `decrypt`. */
  decryptString(data: string, verify?: boolean, userId?: string): Promise<string>;
  /** `decryptString` without a promise and without a signature check. */
  decryptStringSync(data: string): string;
  /** Ours: bound to `context`, it decrypts only with the same context. */
  encryptWithContext(data: Uint8Array, context: string, sign?: boolean): Uint8Array;
  /** Ours: decrypts what `encryptWithContext` made, with the same context (3001 for another, 3007 for none). */
  decryptWithContext(data: Uint8Array, context: string, verifyUserId?: string): Promise<Uint8Array>;
  /** Ours: `encryptWithContext` for a string. */
  encryptStringWithContext(data: string, context: string, sign?: boolean): string;
  /** Ours: `decryptWithContext` for a string. */
  decryptStringWithContext(data: string, context: string, verifyUserId?: string): Promise<string>;

  /** A new symmetric key registered on the server, wrapped by the newest group key. */
  registerKey(): Promise<SymKey>;
  /** A registered key by id. */
  fetchKey(keyId: string, masterKeyId: string): Promise<SymKey>;
  /** Ours: deletes a registered key (its creator only). */
  deleteKey(keyId: string): Promise<void>;
  /** A new key not stored on the server: `[key, wrappedKey]`; keep `wrappedKey` beside the data. */
  generateNonRegisteredKey(): Promise<[SymKey, string]>;
  /** Opens a key made by `generateNonRegisteredKey`. */
  getNonRegisteredKey(masterKeyId: string, key: string): Promise<SymKey>;

  /** sentc's `prepareRegisterFile`: a file for the app's backend to register; `sign` signs its content key. */
  prepareRegisterFile(file: Blob | File, sign?: boolean): Promise<FilePrepareCreateOutput>;
  /** sentc's `createFile`: registers, encrypts and uploads a file. */
  createFile(file: Blob | File, sign?: boolean, uploadCallback?: (progress: number) => void, options?: FileTransferOptions): Promise<FileCreateOutput>;
  /** Ours: the highest rank (0-4) that may create files in the group (admins). */
  setFileRank(rank: number): Promise<void>;

  /** A child group, through this group, its key chain verified. */
  getChildGroup(groupId: string, verify?: VerifyLevel): Promise<Group>;
  /** A connected group this group is a member of. */
  getConnectedGroup(groupId: string, verify?: VerifyLevel): Promise<Group>;
  /** A page of first-level children; pass the last item for the next page. */
  getChildren(lastFetchedItem?: GroupChildrenListItem | null): Promise<GroupChildrenListItem[]>;
  /** `[serverInput, newestKeyId]` for a child group an app backend creates. */
  prepareCreateChildGroup(sign?: boolean): [string, string];
  /** Creates a child group (ranks 0-1); its id. */
  createChildGroup(sign?: boolean): Promise<string>;
  /** Creates a connected group whose first member is this group (ranks 0-1); its id. */
  createConnectedGroup(sign?: boolean): Promise<string>;
  /** The user's access as the server sees it now. */
  groupUpdateCheck(): Promise<GroupLight>;

  /** A page of members. */
  getMember(lastFetchedItem?: GroupUserListItem | null): Promise<GroupUserListItem[]>;
  /** Invites a user (rank 1-4, default 4); they accept with `user.acceptGroupInvite`. */
  invite(userId: string, rank?: number): Promise<void>;
  /** Adds a user at once, without their acceptance. */
  inviteAuto(userId: string, rank?: number): Promise<void>;
  /** Invites a normal group into this connected group (rank 1-4, default 4); its admins accept. */
  inviteGroup(groupId: string, rank?: number): Promise<void>;
  /** Adds a normal group to this connected group at once. */
  inviteGroupAuto(groupId: string, rank?: number): Promise<void>;
  /** Sends a member every key again; the rank stays. */
  reInviteUser(userId: string): Promise<void>;
  /** Sends a member group every key again. */
  reInviteGroup(groupId: string): Promise<void>;
  /** The invite body your backend sends to `PUT /api/v1/group/{id}/invite/{userId}` with the user's JWT: page 0 (the newest keys) goes with the invite; if its answer names a `session_id`, finish with `handleInviteSessionKeysForNewMember`. `group`: the member is a group. */
  prepareKeysForNewMember(userId: string, rank?: number, page?: number, group?: boolean): Promise<string>;
  /** Sends the older keys to the key session of an invite your backend sent; nothing for an empty id. */
  handleInviteSessionKeysForNewMember(sessionId: string, userId: string, auto?: boolean, group?: boolean): Promise<void>;
  /** The body of a rank change, for your backend to send with the user's JWT. No network. */
  prepareUpdateRank(userId: string, newRank: number): string;
  /** Toggles invites and join requests, as sentc's endpoint (ranks 0-1). */
  stopInvites(): Promise<void>;
  /** Ours: allows (`true`) or stops invites and join requests. */
  setInvitesAllowed(allowed: boolean): Promise<void>;
  /** A page of join requests (ranks 0-2). */
  getJoinRequests(lastFetchedItem?: GroupJoinReqListItem | null): Promise<GroupJoinReqListItem[]>;
  /** Accepts the join request of a user (`userType` 0) or a group (2), with a rank (default 4). */
  acceptJoinRequest(userId: string, userType?: 0 | 2, rank?: number): Promise<void>;
  /** Rejects a join request. */
  rejectJoinRequest(userId: string): Promise<void>;
  /** Changes a member's rank. */
  updateRank(userId: string, newRank: number): Promise<void>;
  /** Removes a member of the same or a lower rank (keys do not rotate: call `keyRotation`). */
  kickUser(userId: string): Promise<void>;
  /** Leaves the group (not the creator). */
  leave(): Promise<void>;
  /** Deletes the group and its children (ranks 0-1). */
  deleteGroup(): Promise<void>;

  /** A page of the connected groups this group is a member of. */
  getGroups(lastFetchedItem?: GroupList | null): Promise<GroupList[]>;
  /** A page of connected groups' invites to this group (ranks 0-1). */
  getGroupInvites(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  /** Accepts, as this group, a connected group's invite. */
  acceptGroupInvite(groupId: string): Promise<void>;
  /** Rejects, as this group, a connected group's invite. */
  rejectGroupInvite(groupId: string): Promise<void>;
  /** Asks, as this group, to join a connected group. */
  groupJoinRequest(groupId: string): Promise<void>;
  /** A page of this group's sent join requests. */
  sentJoinReq(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  /** Withdraws this group's join request. */
  deleteJoinReq(groupId: string): Promise<void>;

  /** The body of a key rotation, for an app backend that sends it with the user's JWT. */
  prepareKeyRotation(sign?: boolean): Promise<string>;
  /** Starts a key rotation (signed if `sign`); members finish it. The new key id. */
  keyRotation(sign?: boolean): Promise<string>;
  /** `verify` is accepted; signatures are always checked. */
  finishKeyRotation(verify?: boolean): Promise<void>;
}

/** The logged-in user. */
export declare class User {
  private constructor();
  /** sentc's `user.user_data` (no key material). */
  readonly user_data: UserData;
  /** The same as `user_data` (sentc's docs use `user.data`). */
  readonly data: UserData;
  /** sentc's `enabledMfa()`: `user_data.mfa`. */
  enabledMfa(): boolean;
  /** The user's id. */
  readonly userId: string;
  /** This device's id. */
  readonly deviceId: string;
  /** This device's login identifier. */
  readonly identifier: string;
  /** The id of the newest user key generation. */
  readonly newestKeyId: string;

  /** A valid JWT, refreshed first if it is about to expire. */
  getJwt(): Promise<string>;
  /** Ours: the current JWT without refreshing. */
  currentJwt(): string;
  /** Ours: the refresh token (for the cookie strategy). */
  refreshToken(): string;
  /** Ours: logs this device in again for a fresh JWT (sensitive operations need one). */
  reauthenticate(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;

  /** Changes the login identifier. */
  updateUser(newIdentifier: string): Promise<void>;
  /** Changes the password; the old one (and the second factor) log in again first. */
  changePassword(oldPassword: string, newPassword: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  /** Sets a new password without the old one (needs a fresh session: right after a login). */
  resetPassword(newPassword: string): Promise<void>;
  /** Logs out: ends this device's sessions and removes the user from storage. */
  logOut(): Promise<void>;
  /** Deletes the user; the password (and second factor) log in again for the fresh JWT. */
  deleteUser(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;

  /** Removes a device (the password logs in again; it never leaves the device); the user keys then rotate. Deleting this device logs it out. */
  deleteDevice(password: string, deviceId: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  /** Adds the new device whose transfer text came from `Sentc.registerDeviceStart`. */
  registerDevice(serverOutput: string): Promise<void>;
  /** A page of devices. */
  getDevices(lastFetchedItem?: UserDeviceList | null): Promise<UserDeviceList[]>;
  /** Ours: ends the sessions of every device (needs a fresh JWT). */
  revokeAllSessions(): Promise<void>;
  /** Ours: ends the sessions of one device (needs a fresh JWT). */
  revokeDeviceSessions(deviceId: string): Promise<void>;

  /** Turns TOTP on. */
  registerRawOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<OtpRegister>;
  /** Turns TOTP on: `[otpauthUrl, recoveryCodes]`. */
  registerOtp(issuer: string, audience: string, password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<[string, string[]]>;
  /** A new TOTP secret and recovery codes. */
  resetRawOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<OtpRegister>;
  /** A new TOTP secret: `[otpauthUrl, recoveryCodes]`. */
  resetOtp(issuer: string, audience: string, password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<[string, string[]]>;
  /** Turns TOTP off. */
  disableOtp(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<void>;
  /** The recovery codes not used yet. */
  getOtpRecoverKeys(password: string, mfaToken?: string, mfaRecovery?: boolean): Promise<string[]>;

  /** Starts a user key rotation; other devices finish it. The new key id. */
  keyRotation(): Promise<string>;
  /** Finishes the user key rotations other devices started. */
  finishKeyRotation(): Promise<void>;
  /** The safety number of this user and `user_id` (from the identity pinned for them), or this user's own. */
  createSafetyNumber(userToCompare?: { user_id: string; verify_key_id?: string }): Promise<string>;
  /** Ours: the safety number of this user and another. */
  safetyNumber(otherUserId: string): Promise<string>;
  /** Ours: signs data with the newest sign key; the signed message, for `verify`. */
  sign(data: Uint8Array): Uint8Array;
  /** Ours: checks a signed message came from `userId`; its data. */
  verify(userId: string, signed: Uint8Array): Promise<Uint8Array>;

  /** Encrypts bytes for user `replyId` (their key from their verified key chain), signed if `sign`. */
  encrypt(data: Uint8Array, replyId: string, sign?: boolean): Promise<Uint8Array>;
  /** Decrypts bytes encrypted for this user; with `verify` and `userId`, that sender's signature must verify. */
  decrypt(data: Uint8Array, verify?: boolean, userId?: string): Promise<Uint8Array>;
  /** sentc's `encryptRaw` for user `replyId`: the header apart from the rest. */
  encryptRaw(data: Uint8Array, replyId: string, sign?: boolean): Promise<CryptoRawOutput>;
  /** Decrypts the raw form of data encrypted for this user. */
  decryptRaw(head: string, data: Uint8Array): Promise<Uint8Array>;
  /** Encrypts a string for user `replyId` (base64 result). */
  encryptString(data: string, replyId: string, sign?: boolean): Promise<string>;
  /** Decrypts a string made by `encryptString`. */
  decryptString(data: string, verify?: boolean, userId?: string): Promise<string>;

  /** A new key for user `replyId` (this user by default), wrapped for their verified public key and registered on the server; they get it with `fetchGeneratedKey`. */
  registerKey(replyId?: string): Promise<SymKey>;
  /** A new key for user `replyId` (this user by default), not stored on the server: `[key, encryptedKey]`; keep `encryptedKey` beside the data. */
  generateNonRegisteredKey(replyId?: string): Promise<[SymKey, string]>;
  /** A key registered for this user, by id. */
  fetchGeneratedKey(keyId: string, masterKeyId: string): Promise<SymKey>;
  /** `fetchGeneratedKey` by the name older sentc docs use. */
  fetchKey(keyId: string, masterKeyId: string): Promise<SymKey>;
  /** Opens a key made for this user by `generateNonRegisteredKey`. */
  getNonRegisteredKey(masterKeyId: string, key: string): Promise<SymKey>;
  /** Ours: deletes a registered key (its creator only). */
  deleteKey(keyId: string): Promise<void>;

  /** sentc's `prepareRegisterFile`: a file for the app's backend to register; `sign` signs its content key. */
  prepareRegisterFile(file: Blob | File, replyId?: string, sign?: boolean): Promise<FilePrepareCreateOutput>;
  /** sentc's `createFile`: registers, encrypts and uploads a file. */
  createFile(file: Blob | File, sign?: boolean, replyId?: string, uploadCallback?: (progress: number) => void, options?: FileTransferOptions): Promise<FileCreateOutput>;

  /** Creates a group (the user is its creator, rank 0); its id. `sign` signs its first key. */
  createGroup(sign?: boolean): Promise<string>;
  /** The body of a group creation, for an app backend that creates it with its secret token. */
  prepareGroupCreate(sign?: boolean): string;
  /** A group, its key chain verified; `groupAsMember` reaches a connected group through that group of the user's. */
  getGroup(groupId: string, groupAsMember?: string, verify?: VerifyLevel): Promise<Group>;
  /** A page of the user's groups. */
  getGroups(lastFetchedItem?: GroupList | null): Promise<GroupList[]>;
  /** A page of the user's group invites. */
  getGroupInvites(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  /** Accepts an invite. */
  acceptGroupInvite(groupId: string): Promise<void>;
  /** Rejects an invite. */
  rejectGroupInvite(groupId: string): Promise<void>;
  /** Asks to join a group. */
  groupJoinRequest(groupId: string): Promise<void>;
  /** A page of the user's sent join requests. */
  sentJoinReq(lastFetchedItem?: GroupInviteListItem | null): Promise<GroupInviteListItem[]>;
  /** Withdraws a join request. */
  deleteJoinReq(groupId: string): Promise<void>;
}

/** The entry points. Call `Sentc.init` first. */
export declare class Sentc {
  private constructor();
  /** sentc's `Sentc.options`: the options `init` was given (empty before). */
  static readonly options: Readonly<Partial<SentcOptions>>;
  /** Sets up the client; the user logged in on this device before, or undefined. */
  static init(options: SentcOptions): Promise<User | undefined>;
  /** True when the identifier is free. */
  static checkUserIdentifierAvailable(userIdentifier: string): Promise<boolean>;
  /** The body of `POST /api/v1/exists`, for your backend; `false` for an empty identifier. No network. */
  static prepareCheckUserIdentifierAvailable(userIdentifier: string): string | false;
  /** Reads the server's answer to the check: true when the identifier is free. */
  static doneCheckUserIdentifierAvailable(serverOutput: string): boolean;
  /** `[identifier, password]`, random. */
  static generateRegisterData(): [string, string];
  /** The registration body for an app backend (secret token). No network. */
  static prepareRegister(userIdentifier: string, password: string): string;
  /** Ours: the body of the backend's forced reset (new keys for `identifier`, `newPassword`). */
  static prepareResetUser(userId: string, identifier: string, newPassword: string): string;
  /** The user id in the server's answer to a registration. */
  static doneRegister(serverOutput: string): string;
  /** Registers a user with the public token (the app must allow it); the user id. */
  static register(userIdentifier: string, password: string): Promise<string>;
  static login(deviceIdentifier: string, password: string): Promise<LoginUser>;
  /** The user itself; a user with a second factor is an error (8001 OtpRequired). */
  static login(deviceIdentifier: string, password: string, force: true): Promise<User>;
  /** Finishes a login with the authenticator app's code. */
  static mfaLogin(token: string, loginData: UserMfaLogin): Promise<User>;
  /** Finishes a login with a recovery code. */
  static mfaRecoveryLogin(recoveryToken: string, loginData: UserMfaLogin): Promise<User>;
  /** The user logged in on this device if their identifier is `userIdentifier`, else `false` (one user per device store). */
  static getUser(userIdentifier: string): Promise<User | false>;
  /** sentc's storage for the app's own values, apart from the SDK's. */
  static getStore(): Promise<SentcAppStore>;
  /** Throws 5018 NotLoggedIn when no user is logged in. */
  static getActualUser(): Promise<User>;
  static getActualUser(jwt: boolean): Promise<User>;
  static getActualUser(jwt: boolean, username: true): Promise<[User, string]>;
  /** A valid JWT of the logged-in user (the SDK keeps the tokens: the arguments are not needed). */
  static refreshJwt(oldJwt?: string, refreshToken?: string): Promise<string>;
  /** A new device's announcement (`body`) for the app's backend. */
  static prepareRegisterDeviceStart(deviceIdentifier: string, password: string): DeviceStart;
  /** The transfer text for a logged-in device, from the server's answer. */
  static doneRegisterDeviceStart(start: DeviceStart, serverOutput: string): Promise<string>;
  /** Announces a new device; the transfer text to move to a logged-in device out of band. */
  static registerDeviceStart(deviceIdentifier: string, password: string): Promise<string>;
  /** A user's newest public key, from their verified key chain. */
  static getUserPublicKey(userId: string): Promise<UserPublicKeyData>;
  /** One of a user's verify keys (exported), from their verified key chain. */
  static getUserVerifyKey(userId: string, keyId: string): Promise<string>;
  /** A group's newest public key, from its verified key chain. */
  static getGroupPublicKey(groupId: string): Promise<{ key: string; id: string }>;
  /** Whether `publicKey` is the newest key of the user's verified chain. */
  static verifyUserPublicKey(userId: string, publicKey: UserPublicKeyData, force?: boolean): Promise<boolean>;
  /** sentc's long forms of the lookups; `baseUrl` and `appToken` must be the ones `init` was given. */
  static getUserPublicKeyData(baseUrl: string, appToken: string, userId: string): Promise<UserPublicKeyData>;
  static getUserVerifyKeyData(baseUrl: string, appToken: string, userId: string, verifyKeyId: string): Promise<string>;
  static getGroupPublicKeyData(baseUrl: string, appToken: string, groupId: string): Promise<{ key: string; id: string }>;
  static verifyUsersPublicKey(baseUrl: string, appToken: string, userId: string, publicKey: UserPublicKeyData, force?: boolean): Promise<boolean>;
  /** Ours: forgets what this device pinned for `identifier` (password parameters, key chain). */
  static unpinIdentifier(identifier: string): Promise<void>;
  /** Ours: forgets the identity pinned for another user, after a changed safety number was checked. */
  static acceptIdentityChange(userId: string): Promise<void>;
}

export default Sentc;
