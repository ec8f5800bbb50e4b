// The public API of the package: sentc's `Sentc`, `User`, `Group` and `SymKey` with sentc's
// names, argument orders and result shapes (sentc's JS SDK 0.15), over the handles of the
// WebAssembly module (`./sentc.js`, internal). Everything here only renames, reorders and
// reshapes; protocol and crypto live in the Rust core. Our additions (context binding, identity
// pins, session revocation, sign/verify) keep their own names. Differences that remain, and
// why: docs/migrating-from-sentc.md.
import * as wasm from "./sentc.js";
import { SentcError, async, sync, malformed } from "./errors.js";
import { platform } from "./platform.js";
import { openAppStore, openStorage } from "./storage.js";
import {
  Downloader,
  FileHttp,
  Uploader,
  deleteFile,
  downloadBlob,
  downloadStream,
  fileMeta,
  path,
  registerFile,
  renameFile,
  uploadBlob,
} from "./files.js";

/** The storage option and store prefix `Sentc.init` was given, and `getStore`'s store once opened. */
const stores = { storage: undefined, prefix: "sentc", app: undefined };

const utf8 = new TextEncoder();
const text = new TextDecoder("utf-8", { fatal: true });

/** The text of decrypted bytes; bytes that are not UTF-8 are an error, not replaced. */
function decodeUtf8(bytes) {
  try {
    return text.decode(bytes);
  } catch {
    throw SentcError.of(1002, "InvalidEncoding", "input", "the decrypted data is not UTF-8 text");
  }
}

function toBase64(bytes) {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

function fromBase64(encoded) {
  try {
    return Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
  } catch {
    throw SentcError.of(1002, "InvalidEncoding", "input", "invalid base64");
  }
}

/** sentc's raw form of an encrypted item: `{ head, data }`, the header (base64) apart. */
function splitRaw(item) {
  const length = sync(() => wasm.rawHeadLength(item));
  return { head: toBase64(item.subarray(0, length)), data: item.slice(length) };
}

/** The encrypted item of a raw form, header and rest together again. */
function joinRaw(head, data) {
  const header = fromBase64(head);
  const item = new Uint8Array(header.length + data.length);
  item.set(header);
  item.set(data, header.length);
  return item;
}

/** sentc's raw verify-key argument, which this SDK does not take. */
function noVerifyKey(verifyKey, instead) {
  if (verifyKey) throw unsupported("a raw verify key", instead);
}

/** sentc's `sign` argument of a SymKey, which this SDK does not take. */
function noSymKeySign(sign) {
  if (sign) throw unsupported("signing with a SymKey", "use user.sign");
}

/** The newest of a group's key ids (they are listed oldest first). */
const newest = (keyIds) => keyIds[keyIds.length - 1];

/** sentc's `(verify, user_id)` pair: the signer to check, or undefined for none. */
function signer(verify, userId) {
  return verify && userId ? userId : undefined;
}

/** Refuses what sentc's signature allows and ours cannot do without lying about it. */
function unsupported(what, instead) {
  return malformed(`${what} is not supported: ${instead}`);
}

/** The `otpauth://` URL of a TOTP secret (the server's TOTP is RFC 6238 with SHA-1). */
function otpUrl(issuer, audience, secret) {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(audience)}`;
  return `otpauth://totp/${label}?secret=${secret}&algorithm=SHA1&issuer=${encodeURIComponent(issuer)}`;
}

/** sentc's `OtpRegister`: `{ secret, alg, recover }`. */
function otpRegister(out) {
  return { secret: out.secret, alg: "SHA1", recover: out.recovery_codes };
}

// List items: ours, with sentc's field names beside them (a page's last item goes back in as
// it came out, so the next page works with either shape).
const deviceItem = (item) => ({ ...item, time: item.created_at, device_identifier: item.identifier });
const groupItem = (item) => ({ ...item, parent: item.parent_id });
const requestItem = (item) => ({ ...item, group_id: item.id });
const joinRequestItem = (item) => ({ ...item, user_id: item.id, user_type: item.member_type === "group" ? 2 : 0 });
const memberItem = (item) => ({ ...item, user_id: item.member_id, user_type: item.member_type === "group" ? 2 : 0 });

/**
 * The file calls of a group or a user, with sentc's names and shapes, over js/files.js.
 * `owner` says whose: `{ user, via, registerPath, belongsTo, newKey, openKey }` (the module's
 * user handle, the member group of a connected group, where to register, whom the file belongs
 * to, and how its content key is made and opened).
 */
class FileCalls {
  #owner;
  #http;

  constructor(owner) {
    this.#owner = owner;
    this.#http = new FileHttp(Sentc.options, owner.user, owner.via);
  }

  /** sentc's `prepareRegisterFile`: `{ server_input, encrypted_file_name, key, master_key_id }`, and ours: `file_id`. */
  async prepare(file, replyId, sign = false) {
    const name = file?.name ? file.name : undefined;
    const [key, wrapped, master] = await this.#owner.newKey(replyId, sign);
    const [type, belongsTo] = this.#owner.belongsTo(replyId);
    const [serverInput, fileId, , encryptedName] = sync(() =>
      wasm.prepareRegisterFile(key, wrapped, type, belongsTo, name),
    );
    return {
      server_input: serverInput,
      encrypted_file_name: encryptedName,
      key: new SymKey(key, master, this.#owner.user),
      master_key_id: master,
      file_id: fileId,
    };
  }

  /** sentc's `doneFileRegister(server_output)`: `[file_id, session_id]`. */
  done(serverOutput) {
    return sync(() => wasm.doneFileRegister(serverOutput));
  }

  /** Encrypts and uploads a `Blob` into a session (ours: `options.signal`, `options.nextSequence`). */
  upload(file, key, sessionId, onProgress, options = {}) {
    return uploadBlob(this.#http, file, keyHandle(key), sessionId, { onProgress, ...options });
  }

  /** sentc's `createFile`: `{ file_id, master_key_id, encrypted_file_name }`. */
  async create(file, replyId, sign, onProgress, options) {
    const prepared = await this.prepare(file, replyId, sign);
    const [, sessionId] = await registerFile(
      this.#http,
      this.#owner.registerPath,
      prepared.server_input,
      prepared.file_id,
    );
    await this.upload(file, prepared.key, sessionId, onProgress, options);
    return {
      file_id: prepared.file_id,
      master_key_id: prepared.master_key_id,
      encrypted_file_name: prepared.encrypted_file_name,
    };
  }

  /** sentc's `downloadFileMetaInfo`: `[meta, key]`, `meta.file_name` decrypted; `verify` as js/files.js `fileMeta`. */
  async meta(fileId, verify) {
    const open = (wrapped, verifyKey) => sync(() => this.#owner.openKey(wrapped, verifyKey));
    const [meta, key] = await fileMeta(this.#http, fileId, open, verify, Sentc.getUserVerifyKey);
    return [meta, new SymKey(key, meta.master_key_id, this.#owner.user)];
  }

  stream(key, meta, options) {
    return downloadStream(this.#http, meta, keyHandle(key), options);
  }

  blob(key, meta, options) {
    return downloadBlob(this.#http, meta, keyHandle(key), options);
  }

  async rename(fileId, key, fileName) {
    await renameFile(this.#http, fileId, keyHandle(key), fileName);
  }

  async delete(fileId) {
    await deleteFile(this.#http, fileId);
  }

  /** Ours: the highest rank that may create files in a group. */
  async fileRank(groupId, rank) {
    await this.#http.json("PATCH", path`/api/v1/group/${groupId}/file_rank`, JSON.stringify({ rank }));
  }
}

/** The module's handle of a `SymKey`. */
const keyHandle = (key) => SymKey.handle(key);

/** A blob URL of a download (sentc's result of `downloadFile`). */
const blobUrl = (blob) => URL.createObjectURL(blob);

/** The key of the method by which `Group` and `User` give their file calls. */
const FILES = Symbol("sentc.files");

/**
 * sentc's file methods that `Group` and `User` share (each gives its calls by `[FILES]()`);
 * `prepareRegisterFile` and `createFile` differ (a user's take a reply id) and stay in each class.
 */
const sharedFileMethods = {
  /** sentc's `doneFileRegister(server_output)`: `[file_id, session_id]`. */
  doneFileRegister(serverOutput) {
    return this[FILES]().done(serverOutput);
  },

  /** sentc's `uploadFile(file, content_key, session_id, sign, upload_callback)`; ours: `options.signal`. */
  async uploadFile(file, contentKey, sessionId, _sign = false, uploadCallback, options) {
    // The signature is the content key's (prepareRegisterFile / createFile with sign).
    return this[FILES]().upload(file, contentKey, sessionId, uploadCallback, options);
  },

  /**
   * sentc's `downloadFileMetaInfo(file_id, verify_key)`: `[meta, key]`, `meta.file_name`
   * decrypted. With `verify_key` (a verify key from `Sentc.getUserVerifyKey`, or ours: the
   * creator's user id) the content key must be signed by it.
   */
  async downloadFileMetaInfo(fileId, verifyKey) {
    return this[FILES]().meta(fileId, verifyKey || undefined);
  },

  /** sentc's `downloadFileWithMetaInfo(key, meta, verify_key, cb)`: a blob URL (the key was checked when it was opened). */
  async downloadFileWithMetaInfo(key, fileMeta, _verifyKey, updateProgressCb, options) {
    return blobUrl(await this[FILES]().blob(key, fileMeta, { onProgress: updateProgressCb, ...options }));
  },

  /** sentc's `downloadFile(file_id, verify_key, cb)`: `[url, meta, key]`. */
  async downloadFile(fileId, verifyKey, updateProgressCb, options) {
    const { blob, meta, key } = await this.downloadFileBlob(fileId, { onProgress: updateProgressCb, ...options, verifyKey });
    return [blobUrl(blob), meta, key];
  },

  /** Ours: a file as a `Blob`: `{ blob, meta, key }`; options `onProgress`, `signal`. */
  async downloadFileBlob(fileId, { verifyKey, ...options } = {}) {
    const [meta, key] = await this.downloadFileMetaInfo(fileId, verifyKey);
    return { blob: await this[FILES]().blob(key, meta, options), meta, key };
  },

  /** Ours: a file as a `ReadableStream` of chunks: `{ stream, meta, key }`; options `onProgress`, `signal`. */
  async downloadFileStream(fileId, { verifyKey, ...options } = {}) {
    const [meta, key] = await this.downloadFileMetaInfo(fileId, verifyKey);
    return { stream: this[FILES]().stream(key, meta, options), meta, key };
  },

  /** sentc's `updateFileName(file_id, content_key, file_name)`. */
  updateFileName(fileId, contentKey, fileName) {
    return this[FILES]().rename(fileId, contentKey, fileName);
  },

  /** sentc's `deleteFile(file_id)`: its creator (or, for a group's file, a group admin). */
  deleteFile(fileId) {
    return this[FILES]().delete(fileId);
  },
};

/** Gives a class the shared file methods, as class methods are (not enumerable). */
function withFileMethods(target) {
  for (const [name, method] of Object.entries(sharedFileMethods)) {
    Object.defineProperty(target.prototype, name, { value: method, writable: true, configurable: true });
  }
}

const SEARCH = Symbol("sentc.search");
const FORMS = new Set(["NFC", "NFD", "NFKC", "NFKD"]);

/** `data` in Unicode form `normalize` ("NFC", "NFD", "NFKC", "NFKD"; JavaScript's own tables), or as given. */
function normalized(data, normalize) {
  if (normalize === undefined) return data;
  if (!FORMS.has(normalize)) throw malformed("normalize must be NFC, NFD, NFKC or NFKD");
  return typeof data === "string" ? data.normalize(normalize) : data;
}

/**
 * sentc's searchable and sortable methods, shared by `Group` and `User` (each gives its
 * WebAssembly handle by `[SEARCH]()`). Synchronous, as in sentc. Ours: the optional `normalize`
 * argument and `searchAll` (docs/searchable.md).
 */
const sharedSearchMethods = {
  /** sentc's `createSearchRaw(data, full?, limit?)`: the hashes to store (exactly `limit` prefixes when the value is that long). */
  createSearchRaw(data, full = false, limit, normalize) {
    return this.createSearch(data, full, limit, normalize)[0];
  },
  /** sentc's `createSearch(data, full?, limit?)`: `[hashes, alg, keyId]`. */
  createSearch(data, full = false, limit, normalize) {
    const item = sync(() => this[SEARCH]().createSearch(normalized(data, normalize), full, limit ?? undefined));
    return [item.hashes, item.alg, item.key_id];
  },
  /** sentc's `search(data)`: the hash to look up (newest key). */
  search(data, normalize) {
    return sync(() => this[SEARCH]().searchHashes(normalized(data, normalize), false))[0];
  },
  /** Ours: the query's hash under every key generation, newest first (finds data hashed before a key rotation). */
  searchAll(data, normalize) {
    return sync(() => this[SEARCH]().searchHashes(normalized(data, normalize), true));
  },
  /** sentc's `encryptSortableRawNumber(number)`: an integer from 0 to 2^48 - 1 → a number below 2^53. */
  encryptSortableRawNumber(number) {
    return this.encryptSortableNumber(number)[0];
  },
  /** sentc's `encryptSortableNumber(number)`: `[number, alg, keyId]`. */
  encryptSortableNumber(number) {
    if (typeof number !== "number") throw malformed("a number");
    return sortable(this, number);
  },
  /** sentc's `encryptSortableRawString(data)`: ordered by its first 6 UTF-8 bytes. */
  encryptSortableRawString(data) {
    return this.encryptSortableString(data)[0];
  },
  /** sentc's `encryptSortableString(data)`: `[number, alg, keyId]`. */
  encryptSortableString(data) {
    if (typeof data !== "string") throw malformed("a string");
    return sortable(this, data);
  },
};

function sortable(holder, value) {
  const item = sync(() => holder[SEARCH]().encryptSortable(value));
  return [item.number, item.alg, item.key_id];
}

function withSearchMethods(target) {
  for (const [name, method] of Object.entries(sharedSearchMethods)) {
    Object.defineProperty(target.prototype, name, { value: method, writable: true, configurable: true });
  }
}

/** A symmetric key handle: sentc's `SymKey` without the raw `key` (key bytes never reach JS). */
export class SymKey {
  #inner;
  #user;

  /** @internal `user`: the internal handle of the user it was made or fetched by. */
  constructor(inner, masterKeyId, user) {
    this.#inner = inner;
    this.#user = user;
    /** The id of the key this key is wrapped by: a group key, or the public key of the user it was made for. */
    this.master_key_id = masterKeyId;
  }

  /** The key's id. */
  get key_id() {
    return this.#inner.id;
  }

  /** @internal The WebAssembly module's handle. */
  static handle(key) {
    return key.#inner;
  }

  /** sentc's `encrypt(data)`; `sign` is refused (sign with `user.sign`). */
  encrypt(data, sign = false) {
    noSymKeySign(sign);
    return sync(() => this.#inner.encrypt(data));
  }

  /** sentc's `decrypt(data)`; a verify key is refused. */
  decrypt(data, verifyKey) {
    noVerifyKey(verifyKey, "use user.verify");
    return sync(() => this.#inner.decrypt(data));
  }

  /** sentc's `encryptString(data)` (base64 result). */
  encryptString(data, sign = false) {
    noSymKeySign(sign);
    return sync(() => this.#inner.encryptString(data));
  }

  /** sentc's `encryptRaw(data)`: `{ head, data }`, the header apart. */
  encryptRaw(data, sign = false) {
    return splitRaw(this.encrypt(data, sign));
  }

  /** sentc's `deleteKey(jwt)`: deletes this registered key (its creator only); the JWT is the SDK's own. */
  deleteKey(_jwt) {
    return async(() => this.#user.deleteKey(this.key_id));
  }

  /** sentc's `decryptRaw(head, data)`. */
  decryptRaw(head, data, verifyKey) {
    noVerifyKey(verifyKey, "use user.verify");
    return this.decrypt(joinRaw(head, data));
  }

  /** sentc's `decryptString(data)`. */
  decryptString(data, verifyKey) {
    noVerifyKey(verifyKey, "use user.verify");
    return sync(() => this.#inner.decryptString(data));
  }
}

/** A group the user reaches, with its keys (sentc's `Group`). */
export class Group {
  #inner;
  #user;

  /** @internal `user` is the internal handle of the user who fetched the group. */
  constructor(inner, user) {
    this.#inner = inner;
    this.#user = user;
  }

  /**
   * sentc's `group.data`: what the SDK knows about the group (no key material). `key_update` is
   * always false: fetching a group finishes the key rotations waiting for the user.
   */
  get data() {
    const info = this.#info();
    const access = info.access_by;
    const keyIds = this.keyIds;
    return {
      group_id: info.group_id,
      parent_group_id: info.parent_id ?? undefined,
      rank: info.rank,
      key_update: false,
      create_time: info.created_time,
      joined_time: info.joined_time,
      is_connected_group: info.is_connected_group,
      from_parent: access.kind === "parent",
      access_by_parent_group: access.kind === "parent" ? access.group_id : undefined,
      access_by_group_as_member: access.kind === "connected" ? access.group_id : undefined,
      newest_key_id: newest(keyIds),
      key_ids: keyIds,
    };
  }

  #info() {
    return sync(() => this.#inner.info);
  }

  /** The group's id. */
  get groupId() {
    return sync(() => this.#inner.groupId);
  }

  /** The user's rank (0 creator, 1 admin, 2 member manager, 3 content manager, 4 member). */
  get rank() {
    return this.#info().rank;
  }

  /** The parent group's id, or null. */
  get parentId() {
    return this.#info().parent_id;
  }

  /** How the user reaches the group: `{ kind: "direct" | "parent" | "connected", group_id? }`. */
  get accessBy() {
    return this.#info().access_by;
  }

  /** Whether the group takes invites and join requests. */
  get invitesAllowed() {
    return sync(() => this.#inner.invitesAllowed);
  }

  /** The ids of the key generations this client holds, oldest first. */
  get keyIds() {
    return sync(() => this.#inner.keyIds);
  }

  // Encryption, sentc's names and argument orders.

  /** Encrypts bytes with the newest key; `sign` signs with the user's sign key. */
  async encrypt(data, sign = false) {
    return this.encryptSync(data, sign);
  }

  /** `encrypt`, without a promise. */
  encryptSync(data, sign = false) {
    return sync(() => this.#inner.encrypt(data, sign));
  }

  /** Decrypts; with `verify` and `userId`, that user's signature must verify (unsigned data is refused). */
  decrypt(data, verify = false, userId) {
    return async(() => this.#inner.decrypt(data, signer(verify, userId)));
  }

  /** `decrypt` without a promise and without a signature check (a verify key is refused). */
  decryptSync(data, verifyKey) {
    noVerifyKey(verifyKey, "use decrypt(data, true, userId)");
    return sync(() => this.#inner.decryptSync(data));
  }

  /** sentc's `encryptRaw`: `{ head, data }`, the header (base64) apart from the rest. */
  async encryptRaw(data, sign = false) {
    return this.encryptRawSync(data, sign);
  }

  /** `encryptRaw` without a promise. */
  encryptRawSync(data, sign = false) {
    return splitRaw(this.encryptSync(data, sign));
  }

  /** Decrypts the raw form (`head` and `data` of `encryptRaw`); a raw verify key is refused. */
  decryptRaw(head, data, verifyKey) {
    noVerifyKey(verifyKey, "use decrypt(item, true, userId)");
    return this.decrypt(joinRaw(head, data));
  }

  /** `decryptRaw` without a promise. */
  decryptRawSync(head, data, verifyKey) {
    noVerifyKey(verifyKey, "use decrypt(item, true, userId)");
    return this.decryptSync(joinRaw(head, data));
  }

  /** Encrypts a string (base64 result). */
  async encryptString(data, sign = false) {
    return this.encryptStringSync(data, sign);
  }

  /** `encryptString`, without a promise. */
  encryptStringSync(data, sign = false) {
    return sync(() => this.#inner.encryptString(data, sign));
  }

  /** Decrypts a string; `verify` and `userId` as in `decrypt`. */
  decryptString(data, verify = false, userId) {
    return async(() => this.#inner.decryptString(data, signer(verify, userId)));
  }

  /** `decryptString` without a promise and without a signature check. */
  decryptStringSync(data, verifyKey) {
    noVerifyKey(verifyKey, "use decryptString(data, true, userId)");
    return sync(() => this.#inner.decryptStringSync(data));
  }

  /** Ours: encrypts bytes bound to `context`; they decrypt only with the same context. */
  encryptWithContext(data, context, sign = false) {
    return sync(() => this.#inner.encryptWithContext(data, context, sign));
  }

  /** Ours: decrypts what `encryptWithContext` made, with the same context. */
  decryptWithContext(data, context, verifyUserId) {
    return async(() => this.#inner.decryptWithContext(data, context, verifyUserId));
  }

  /** Ours: `encryptWithContext` for a string. */
  encryptStringWithContext(data, context, sign = false) {
    return sync(() => this.#inner.encryptStringWithContext(data, context, sign));
  }

  /** Ours: `decryptWithContext` for a string. */
  decryptStringWithContext(data, context, verifyUserId) {
    return async(() => this.#inner.decryptStringWithContext(data, context, verifyUserId));
  }

  // Keys.

  /** A new key registered on the server, wrapped by the newest group key. */
  async registerKey() {
    const [key, wrapped, master] = sync(() => this.#inner.generateKey());
    await async(() => this.#user.registerWrappedKey(wrapped));
    return new SymKey(key, master, this.#user);
  }

  /** A registered key by id. */
  async fetchKey(keyId, masterKeyId) {
    const wrapped = await async(() => this.#user.fetchWrappedKey(keyId));
    return new SymKey(sync(() => this.#inner.openKey(wrapped)), masterKeyId, this.#user);
  }

  /** Ours: deletes a registered key (its creator only). */
  deleteKey(keyId) {
    return async(() => this.#user.deleteKey(keyId));
  }

  /** A new key not stored on the server: `[key, wrappedKey]`; keep `wrappedKey` beside the data. */
  async generateNonRegisteredKey() {
    const [key, wrapped, master] = sync(() => this.#inner.generateKey());
    return [new SymKey(key, master, this.#user), wrapped];
  }

  /** Opens a key made by `generateNonRegisteredKey`. */
  async getNonRegisteredKey(masterKeyId, key) {
    return new SymKey(sync(() => this.#inner.openKey(key)), masterKeyId, this.#user);
  }

  // Files.

  /** @internal The handle the shared searchable methods use. */
  [SEARCH]() {
    return this.#inner;
  }

  /** @internal The file calls (the shared file methods use them). */
  [FILES]() {
    const groupId = this.groupId;
    return new FileCalls({
      user: this.#user,
      via: this.data.access_by_group_as_member,
      registerPath: path`/api/v1/group/${groupId}/file`,
      belongsTo: () => ["group", groupId],
      newKey: async (_replyId, sign) => sync(() => this.#inner.generateKey(sign)),
      openKey: (wrapped) => this.#inner.openKey(wrapped),
    });
  }

  /** sentc's `prepareRegisterFile(file)`: a new file for the group, for the app's backend to register; ours: `sign`. */
  prepareRegisterFile(file, sign = false) {
    return this[FILES]().prepare(file, undefined, sign);
  }

  /**
   * sentc's `createFile(file, sign, upload_callback)`: `{ file_id, master_key_id,
   * encrypted_file_name }`. `sign` signs the file's content key with the user's sign key.
   */
  async createFile(file, sign = false, uploadCallback, options) {
    return this[FILES]().create(file, undefined, sign, uploadCallback, options);
  }

  /** Ours: the highest rank (0-4) that may create files in the group (admins). */
  setFileRank(rank) {
    return this[FILES]().fileRank(this.groupId, rank);
  }

  // Groups under and beside this one.

  /** A child group, through this group. */
  async getChildGroup(groupId, verify) {
    return new Group(await async(() => this.#inner.getChildGroup(groupId, verify)), this.#user);
  }

  /** A connected group this group is a member of. */
  async getConnectedGroup(groupId, verify) {
    return new Group(await async(() => this.#inner.getConnectedGroup(groupId, verify)), this.#user);
  }

  /** A page of first-level children; pass the last item of a page for the next. */
  async getChildren(lastFetchedItem = null) {
    return (await async(() => this.#inner.children(lastFetchedItem ?? undefined))).map(groupItem);
  }

  /** sentc's `[serverInput, newestKeyId]` for a child group an app backend creates. */
  prepareCreateChildGroup(sign = false) {
    return [sync(() => this.#inner.prepareCreateChildGroup(sign)), newest(this.keyIds)];
  }

  /** Creates a child group (ranks 0-1); its id. */
  createChildGroup(sign = false) {
    return async(() => this.#inner.createChildGroup(sign));
  }

  /** Creates a connected group whose first member is this group (ranks 0-1); its id. */
  createConnectedGroup(sign = false) {
    return async(() => this.#inner.createConnectedGroup(sign));
  }

  /** sentc's update check: the user's access as the server sees it now, which `data` then shows. */
  groupUpdateCheck() {
    return async(() => this.#inner.light());
  }

  // Members.

  /** A page of members (sentc's `user_id`, `user_type`, `rank`, `joined_time`). */
  async getMember(lastFetchedItem = null) {
    return (await async(() => this.#inner.members(lastFetchedItem ?? undefined))).map(memberItem);
  }

  /** Invites a user (rank 1-4, default 4); they accept with `user.acceptGroupInvite`. */
  invite(userId, rank) {
    return async(() => this.#inner.invite(userId, rank, "user", false));
  }

  /** Adds a user at once, without their acceptance. */
  inviteAuto(userId, rank) {
    return async(() => this.#inner.invite(userId, rank, "user", true));
  }

  /** Invites a normal group into this connected group (rank 1-4, default 4); its admins accept. */
  inviteGroup(groupId, rank) {
    return async(() => this.#inner.invite(groupId, rank, "group", false));
  }

  /** Adds a normal group to this connected group at once. */
  inviteGroupAuto(groupId, rank) {
    return async(() => this.#inner.invite(groupId, rank, "group", true));
  }

  /** Sends a member every key again; the rank stays. */
  reInviteUser(userId) {
    return async(() => this.#inner.reInvite(userId, "user"));
  }

  /** Sends a member group every key again. */
  reInviteGroup(groupId) {
    return async(() => this.#inner.reInvite(groupId, "group"));
  }

  /**
   * sentc's own-backend invite: the body your backend sends to `PUT /api/v1/group/{id}/invite/{userId}`
   * (with the user's JWT). Every key is wrapped for the member's verified public key, in pages:
   * page 0 (the newest keys) goes with the invite; if its answer names a `session_id`, finish with
   * `handleInviteSessionKeysForNewMember`.
   */
  async prepareKeysForNewMember(userId, rank, page = 0, group = false) {
    const pages = await async(() => this.#inner.prepareKeysForNewMember(userId, rank, group ? "group" : "user"));
    if (!Number.isInteger(page) || page < 0 || page >= pages.length) {
      throw malformed(`page must be 0 to ${pages.length - 1}`);
    }
    return pages[page];
  }

  /** Sends the older keys to the key session of an invite your backend sent; nothing for an empty id. */
  async handleInviteSessionKeysForNewMember(sessionId, userId, _auto = false, group = false) {
    if (sessionId) {
      await async(() => this.#inner.prepareKeysForNewMember(userId, undefined, group ? "group" : "user", sessionId));
    }
  }

  /** The body of a rank change, for your backend to send with the user's JWT. No network. */
  prepareUpdateRank(userId, newRank) {
    return sync(() => wasm.Group.prepareChangeRank(userId, newRank));
  }

  /** sentc's toggle of invites and join requests (ranks 0-1). */
  stopInvites() {
    return this.setInvitesAllowed(!this.invitesAllowed);
  }

  /** Ours: allows (`true`) or stops invites and join requests. */
  setInvitesAllowed(allowed) {
    return async(() => this.#inner.setInvitesAllowed(allowed));
  }

  /** A page of join requests (ranks 0-2): sentc's `user_id`, `user_type`, `time`. */
  async getJoinRequests(lastFetchedItem = null) {
    return (await async(() => this.#inner.joinRequests(lastFetchedItem ?? undefined))).map(joinRequestItem);
  }

  /** Accepts a join request of a user (`userType` 0) or a group (2), with a rank (default 4). */
  acceptJoinRequest(userId, userType = 0, rank) {
    const request = { id: userId, member_type: userType === 2 ? "group" : "user", rank: 4, time: 0 };
    return async(() => this.#inner.acceptJoinRequest(request, rank));
  }

  /** Rejects a join request. */
  rejectJoinRequest(userId) {
    return async(() => this.#inner.rejectJoinRequest(userId));
  }

  /** Changes a member's rank. */
  updateRank(userId, newRank) {
    return async(() => this.#inner.changeRank(userId, newRank));
  }

  /** Removes a member of the same or a lower rank. */
  kickUser(userId) {
    return async(() => this.#inner.kick(userId));
  }

  /** Leaves the group (not the creator). */
  leave() {
    return async(() => this.#inner.leave());
  }

  /** Deletes the group and its children (ranks 0-1). */
  deleteGroup() {
    return async(() => this.#inner.delete());
  }

  // This group as a member of connected groups.

  /** A page of the connected groups this group is a member of. */
  async getGroups(lastFetchedItem = null) {
    return (await async(() => this.#inner.connectedGroups(lastFetchedItem ?? undefined))).map(groupItem);
  }

  /** A page of connected groups' invites to this group (ranks 0-1): sentc's `group_id`, `time`. */
  async getGroupInvites(lastFetchedItem = null) {
    return (await async(() => this.#inner.connectedInvites(lastFetchedItem ?? undefined))).map(requestItem);
  }

  /** Accepts, as this group, a connected group's invite. */
  acceptGroupInvite(groupId) {
    return async(() => this.#inner.answerConnectedInvite(groupId, true));
  }

  /** Rejects, as this group, a connected group's invite. */
  rejectGroupInvite(groupId) {
    return async(() => this.#inner.answerConnectedInvite(groupId, false));
  }

  /** Asks, as this group, to join a connected group. */
  groupJoinRequest(groupId) {
    return async(() => this.#inner.joinConnectedGroup(groupId));
  }

  /** A page of this group's sent join requests. */
  async sentJoinReq(lastFetchedItem = null) {
    return (await async(() => this.#inner.sentConnectedJoinRequests(lastFetchedItem ?? undefined))).map(requestItem);
  }

  /** Withdraws this group's join request. */
  deleteJoinReq(groupId) {
    return async(() => this.#inner.deleteConnectedJoinRequest(groupId));
  }

  // Key rotation.

  /** The body of a key rotation, for an app backend that sends it with the user's JWT. */
  async prepareKeyRotation(sign = false) {
    return sync(() => this.#inner.prepareKeyRotation(sign));
  }

  /** Starts a key rotation (signed if `sign`); members finish it. The new key id. */
  keyRotation(sign = false) {
    return async(() => this.#inner.keyRotation(sign));
  }

  /** Finishes the rotations waiting for this user. `verify` is accepted: signatures are always checked. */
  async finishKeyRotation(_verify) {
    await async(() => this.#inner.finishKeyRotations());
  }
}

/** The logged-in user (sentc's `User`). */
export class User {
  #inner;

  /** @internal */
  constructor(inner) {
    this.#inner = inner;
  }

  /** sentc's `user.user_data` (no key material: keys stay in the WebAssembly module). */
  get user_data() {
    return {
      user_id: this.userId,
      device_id: this.deviceId,
      jwt: this.currentJwt(),
      refresh_token: this.refreshToken(),
      newest_key_id: this.newestKeyId,
      mfa: this.enabledMfa(),
    };
  }

  /** The same as `user_data` (sentc's docs use `user.data`). */
  get data() {
    return this.user_data;
  }

  /** sentc's `enabledMfa()`: `user_data.mfa`. */
  enabledMfa() {
    return sync(() => this.#inner.mfa);
  }

  /** The user's id. */
  get userId() {
    return sync(() => this.#inner.userId);
  }

  /** This device's id. */
  get deviceId() {
    return sync(() => this.#inner.deviceId);
  }

  /** This device's login identifier. */
  get identifier() {
    return sync(() => this.#inner.identifier);
  }

  /** The id of the newest user key generation. */
  get newestKeyId() {
    return sync(() => this.#inner.newestKeyId);
  }

  /** A valid JWT, refreshed first if it is about to expire. */
  getJwt() {
    return async(() => this.#inner.jwt());
  }

  /** Ours: the current JWT without refreshing. */
  currentJwt() {
    return sync(() => this.#inner.currentJwt());
  }

  /** Ours: the refresh token (for the cookie strategy). */
  refreshToken() {
    return sync(() => this.#inner.refreshToken());
  }

  /** Ours: logs this device in again for a fresh JWT (sensitive operations need one). */
  reauthenticate(password, mfaToken, mfaRecovery = false) {
    return async(() => this.#inner.reauthenticate(password, mfaToken, mfaRecovery));
  }

  // Account.

  /** Changes the login identifier. */
  updateUser(newIdentifier) {
    return async(() => this.#inner.updateIdentifier(newIdentifier));
  }

  /** Changes the password (the old one, and the second factor if the user has one). */
  async changePassword(oldPassword, newPassword, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(oldPassword, mfaToken, mfaRecovery);
    return async(() => this.#inner.changePassword(oldPassword, newPassword));
  }

  /** Sets a new password without the old one (right after a login: it needs a fresh JWT). */
  resetPassword(newPassword) {
    return async(() => this.#inner.resetPassword(newPassword));
  }

  /** Logs out: ends this device's sessions and removes the user from storage. */
  logOut() {
    return async(() => this.#inner.logout());
  }

  /** Deletes the user; the password (and second factor) log in again for the fresh JWT. */
  async deleteUser(password, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(password, mfaToken, mfaRecovery);
    return async(() => this.#inner.delete());
  }

  // Devices.

  /** Removes a device; deleting this device logs it out. */
  deleteDevice(password, deviceId, mfaToken, mfaRecovery) {
    return async(() => this.#inner.deleteDevice(password, deviceId, mfaToken, mfaRecovery));
  }

  /** Adds the new device whose transfer text came from `Sentc.registerDeviceStart`. */
  registerDevice(serverOutput) {
    return async(() => this.#inner.registerDevice(serverOutput));
  }

  /** A page of devices (sentc's `device_id`, `time`, `device_identifier`). */
  async getDevices(lastFetchedItem = null) {
    return (await async(() => this.#inner.devices(lastFetchedItem ?? undefined))).map(deviceItem);
  }

  /** Ours: ends the sessions of every device (needs a fresh JWT). */
  revokeAllSessions() {
    return async(() => this.#inner.revokeAllSessions());
  }

  /** Ours: ends the sessions of one device (needs a fresh JWT). */
  revokeDeviceSessions(deviceId) {
    return async(() => this.#inner.revokeDeviceSessions(deviceId));
  }

  // Second factor (TOTP, SHA-1 as authenticator apps expect by default).

  /** Turns TOTP on: `{ secret, alg, recover }`. */
  async registerRawOtp(password, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(password, mfaToken, mfaRecovery);
    return otpRegister(await async(() => this.#inner.registerOtp()));
  }

  /** Turns TOTP on: `[otpauthUrl, recoveryCodes]` for a QR code. */
  async registerOtp(issuer, audience, password, mfaToken, mfaRecovery = false) {
    const out = await this.registerRawOtp(password, mfaToken, mfaRecovery);
    return [otpUrl(issuer, audience, out.secret), out.recover];
  }

  /** A new TOTP secret and recovery codes: `{ secret, alg, recover }`. */
  async resetRawOtp(password, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(password, mfaToken, mfaRecovery);
    return otpRegister(await async(() => this.#inner.resetOtp()));
  }

  /** A new TOTP secret: `[otpauthUrl, recoveryCodes]`. */
  async resetOtp(issuer, audience, password, mfaToken, mfaRecovery = false) {
    const out = await this.resetRawOtp(password, mfaToken, mfaRecovery);
    return [otpUrl(issuer, audience, out.secret), out.recover];
  }

  /** Turns TOTP off. */
  async disableOtp(password, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(password, mfaToken, mfaRecovery);
    return async(() => this.#inner.disableOtp());
  }

  /** The recovery codes not used yet. */
  async getOtpRecoverKeys(password, mfaToken, mfaRecovery = false) {
    await this.reauthenticate(password, mfaToken, mfaRecovery);
    return async(() => this.#inner.otpRecoveryCodes());
  }

  // Keys and identities.

  /** Starts a user key rotation; other devices finish it. The new key id. */
  keyRotation() {
    return async(() => this.#inner.keyRotation());
  }

  /** Finishes the user key rotations other devices started. */
  async finishKeyRotation() {
    await async(() => this.#inner.finishKeyRotations());
  }

  /**
   * sentc's safety number: with `{ user_id }`, the number of this user and that one (from the
   * identity this client pinned for them; `verify_key_id` is not needed); without, this user's own.
   */
  createSafetyNumber(userToCompare) {
    return this.safetyNumber(userToCompare?.user_id ?? this.userId);
  }

  /** Ours: the safety number of this user and another. */
  safetyNumber(otherUserId) {
    return async(() => this.#inner.safetyNumber(otherUserId));
  }

  /** Ours: signs data with the newest sign key; the signed message, for `verify`. */
  sign(data) {
    return sync(() => this.#inner.sign(data));
  }

  /** Ours: checks a signed message came from `userId`; its data. */
  verify(userId, signed) {
    return async(() => this.#inner.verify(userId, signed));
  }

  // Encryption for another user (their public key from their verified key chain).

  /** Encrypts bytes for user `replyId`, signed if `sign`. */
  encrypt(data, replyId, sign = false) {
    return async(() => this.#inner.encryptForUser(replyId, data, sign));
  }

  /** Decrypts bytes encrypted for this user; with `verify` and `userId`, that sender's signature must verify. */
  decrypt(data, verify = false, userId) {
    return async(() => this.#inner.decryptFromUser(data, signer(verify, userId)));
  }

  /** sentc's `encryptRaw` for user `replyId`: `{ head, data }`, the header apart. */
  async encryptRaw(data, replyId, sign = false) {
    return splitRaw(await this.encrypt(data, replyId, sign));
  }

  /** Decrypts the raw form of data encrypted for this user; a raw verify key is refused. */
  decryptRaw(head, data, verifyKey) {
    noVerifyKey(verifyKey, "use decrypt(item, true, userId)");
    return this.decrypt(joinRaw(head, data));
  }

  /** Encrypts a string for user `replyId` (base64 result). */
  async encryptString(data, replyId, sign = false) {
    return toBase64(await this.encrypt(utf8.encode(data), replyId, sign));
  }

  /** Decrypts a string made by `encryptString`. */
  async decryptString(data, verify = false, userId) {
    return decodeUtf8(await this.decrypt(fromBase64(data), verify, userId));
  }

  // Keys for another user, wrapped for their public key (master_key_id is that key's id).

  /** A new key for user `replyId` (this user by default, as older sentc docs call it), registered on the server; they get it with `fetchGeneratedKey`. */
  async registerKey(replyId = this.userId) {
    const [key, wrapped, master] = await async(() => this.#inner.generateKeyFor(replyId));
    await async(() => this.#inner.registerWrappedKey(wrapped));
    return new SymKey(key, master, this.#inner);
  }

  /** A new key for user `replyId`, not stored on the server: `[key, encryptedKey]`; keep `encryptedKey` beside the data. */
  async generateNonRegisteredKey(replyId = this.userId) {
    const [key, wrapped, master] = await async(() => this.#inner.generateKeyFor(replyId));
    return [new SymKey(key, master, this.#inner), wrapped];
  }

  /** A key registered for this user by id (`masterKeyId` is kept on the result; the wrapped key names its own). */
  async fetchGeneratedKey(keyId, masterKeyId) {
    const wrapped = await async(() => this.#inner.fetchWrappedKey(keyId));
    return new SymKey(sync(() => this.#inner.openKey(wrapped)), masterKeyId, this.#inner);
  }

  /** `fetchGeneratedKey` by the name older sentc docs use. */
  fetchKey(keyId, masterKeyId) {
    return this.fetchGeneratedKey(keyId, masterKeyId);
  }

  /** Opens a key made for this user by `generateNonRegisteredKey`. */
  async getNonRegisteredKey(masterKeyId, key) {
    return new SymKey(sync(() => this.#inner.openKey(key)), masterKeyId, this.#inner);
  }

  // Files.

  /** @internal The handle the shared searchable methods use. */
  [SEARCH]() {
    return this.#inner;
  }

  /** @internal The file calls (the shared file methods use them). */
  [FILES]() {
    const user = this.#inner;
    return new FileCalls({
      user,
      via: undefined,
      registerPath: "/api/v1/file",
      belongsTo: (replyId) => (replyId && replyId !== this.userId ? ["user", replyId] : ["none", undefined]),
      newKey: (replyId, sign) => async(() => user.generateKeyFor(replyId ?? this.userId, sign)),
      openKey: (wrapped) => user.openKey(wrapped),
    });
  }

  /** sentc's `prepareRegisterFile(file, reply_id)`: a new file for user `reply_id` (this user without one); ours: `sign`. */
  prepareRegisterFile(file, replyId = "", sign = false) {
    return this[FILES]().prepare(file, replyId || undefined, sign);
  }

  /** sentc's `createFile(file, sign, reply_id, upload_callback)`; `sign` signs the content key. */
  async createFile(file, sign = false, replyId = "", uploadCallback, options) {
    return this[FILES]().create(file, replyId || undefined, sign, uploadCallback, options);
  }

  /** Ours: deletes a registered key (its creator only). */
  deleteKey(keyId) {
    return async(() => this.#inner.deleteKey(keyId));
  }

  // Groups.

  /** Creates a group (the user is its creator, rank 0); its id. `sign` signs its first key. */
  createGroup(sign = false) {
    return async(() => this.#inner.createGroup(sign));
  }

  /** The body of a group creation, for an app backend that creates it with its secret token. */
  prepareGroupCreate(sign = false) {
    return sync(() => this.#inner.prepareGroupCreate(sign));
  }

  /**
   * A group, its key chain verified: `groupAsMember` reaches a connected group through that
   * group of the user's. `verify` 0-2 are accepted and all verify the chain; 3 also accepts a
   * group an app backend created.
   */
  async getGroup(groupId, groupAsMember, verify) {
    return new Group(await async(() => this.#inner.getGroup(groupId, groupAsMember, verify)), this.#inner);
  }

  /** A page of the user's groups (sentc's `group_id`, `time`, `parent`). */
  async getGroups(lastFetchedItem = null) {
    return (await async(() => this.#inner.groups(lastFetchedItem ?? undefined))).map(groupItem);
  }

  /** A page of the user's group invites (sentc's `group_id`, `time`). */
  async getGroupInvites(lastFetchedItem = null) {
    return (await async(() => this.#inner.groupInvites(lastFetchedItem ?? undefined))).map(requestItem);
  }

  /** Accepts an invite. */
  acceptGroupInvite(groupId) {
    return async(() => this.#inner.acceptGroupInvite(groupId));
  }

  /** Rejects an invite. */
  rejectGroupInvite(groupId) {
    return async(() => this.#inner.rejectGroupInvite(groupId));
  }

  /** Asks to join a group. */
  groupJoinRequest(groupId) {
    return async(() => this.#inner.groupJoinRequest(groupId));
  }

  /** A page of the user's sent join requests. */
  async sentJoinReq(lastFetchedItem = null) {
    return (await async(() => this.#inner.sentJoinRequests(lastFetchedItem ?? undefined))).map(requestItem);
  }

  /** Withdraws a join request. */
  deleteJoinReq(groupId) {
    return async(() => this.#inner.deleteJoinRequest(groupId));
  }
}

/** A login waiting for its second factor (sentc's `UserMfaLogin`): pass it to `Sentc.mfaLogin`. */
class MfaState {
  /** @internal */
  constructor(inner, deviceIdentifier) {
    this.deviceIdentifier = deviceIdentifier;
    Object.defineProperty(this, "inner", { value: inner });
  }
}

function mfaInner(loginData) {
  if (!(loginData instanceof MfaState)) {
    throw malformed("mfaLogin needs the `u` of a login result whose kind is \"mfa\"");
  }
  return loginData.inner;
}

/** Runs a lookup when `baseUrl` and `appToken` are the ones `Sentc.init` was given. */
async function sameServer(baseUrl, appToken, lookup) {
  const { base_url, app_token } = Sentc.options;
  if (baseUrl !== base_url || appToken !== app_token) {
    throw malformed("base_url and app_token must be the ones Sentc.init was given");
  }
  return lookup();
}

withFileMethods(Group);
withFileMethods(User);
withSearchMethods(Group);
withSearchMethods(User);

/** The entry points (sentc's `Sentc`). Call `Sentc.init` first. */
export class Sentc {
  /** sentc's `Sentc.options`: the options `init` was given (empty before). */
  static options = {};

  /**
   * Sets up the client; resolves to the user logged in on this device before, or undefined.
   * `wasm_path` (sentc's) is accepted and not needed: the package loads its own module.
   */
  static async init(options) {
    const { wasm_path: _ignored, ...rest } = options ?? {};
    const prefix = rest.store_prefix ?? "sentc";
    const storage = await openStorage(rest.storage ?? platform.defaultStorage, prefix);
    sync(() => wasm.Sentc.init({ ...rest, storage }));
    Object.assign(stores, { storage, prefix, app: undefined });
    Sentc.options = Object.freeze({ ...rest });
    return async(() => wasm.Sentc.getActualUser()).then((user) => (user ? new User(user) : undefined));
  }

  /** sentc's storage for the app's own values (`getItem`, `set`, `delete`), apart from the SDK's. */
  static getStore() {
    stores.app ??= openAppStore(stores.storage, stores.prefix);
    return stores.app;
  }

  /** The user logged in on this device if their identifier is `userIdentifier`, else `false` (one user per device store). */
  static async getUser(userIdentifier) {
    const inner = await async(() => wasm.Sentc.getActualUser());
    const user = inner ? new User(inner) : undefined;
    return user && user.identifier === userIdentifier ? user : false;
  }

  /** True when the identifier is free. */
  static async checkUserIdentifierAvailable(userIdentifier) {
    return !(await async(() => wasm.Sentc.userExists(userIdentifier)));
  }

  /** The body of `POST /api/v1/exists`, for your backend; `false` for an empty identifier, as sentc. No network. */
  static prepareCheckUserIdentifierAvailable(userIdentifier) {
    return userIdentifier === "" ? false : sync(() => wasm.Sentc.prepareIdentifier(userIdentifier));
  }

  /** Reads the server's answer to the check: true when the identifier is free. */
  static doneCheckUserIdentifierAvailable(serverOutput) {
    return !sync(() => wasm.Sentc.doneUserExists(serverOutput));
  }

  /** A random identifier and password, for a user the app registers on its own: `[identifier, password]`. */
  static generateRegisterData() {
    const random = (bytes) => toBase64(crypto.getRandomValues(new Uint8Array(bytes))).replace(/[+/=]/g, "");
    return [random(24), random(32)];
  }

  /** The registration body for an app backend (secret token). No network. */
  static prepareRegister(userIdentifier, password) {
    return sync(() => wasm.Sentc.prepareRegister(userIdentifier, password));
  }

  /**
   * Ours: the body of the backend's `PUT /api/v1/user/forced/reset` for a user who forgot the
   * password: new keys made here, for `identifier` and `newPassword`. No network.
   */
  static prepareResetUser(userId, identifier, newPassword) {
    return sync(() => wasm.Sentc.prepareResetUser(userId, identifier, newPassword));
  }

  /** The user id in the server's answer to a registration. */
  static doneRegister(serverOutput) {
    return sync(() => wasm.Sentc.doneRegister(serverOutput));
  }

  /** Registers a user with the public token (the app must allow it); the user id. */
  static register(userIdentifier, password) {
    return async(() => wasm.Sentc.register(userIdentifier, password));
  }

  /**
   * Logs in; the password never leaves the device. `{ kind: "user", u: User }`, or
   * `{ kind: "mfa", u }` to finish with `Sentc.mfaLogin`. With `force`, the user itself (and a
   * user with a second factor is an error).
   */
  static async login(deviceIdentifier, password, force = false) {
    const out = await async(() => wasm.Sentc.login(deviceIdentifier, password));
    if (out instanceof wasm.User) {
      const user = new User(out);
      return force ? user : { kind: "user", u: user };
    }
    if (force) {
      throw SentcError.of(8001, "OtpRequired", "otp", "the user has a second factor: call login without force");
    }
    return { kind: "mfa", u: new MfaState(out, deviceIdentifier) };
  }

  /** Finishes a login with the authenticator app's code. */
  static async mfaLogin(token, loginData) {
    const inner = mfaInner(loginData);
    return new User(await async(() => wasm.Sentc.mfaLogin(token, inner)));
  }

  /** Finishes a login with a recovery code. */
  static async mfaRecoveryLogin(recoveryToken, loginData) {
    const inner = mfaInner(loginData);
    return new User(await async(() => wasm.Sentc.mfaRecoveryLogin(recoveryToken, inner)));
  }

  /**
   * The user logged in on this device. As in sentc it throws (5018 NotLoggedIn) when there is
   * none. `jwt` refreshes the JWT first; `username` resolves to `[user, identifier]`.
   */
  static async getActualUser(jwt = false, username = false) {
    const inner = await async(() => wasm.Sentc.getActualUser());
    if (!inner) {
      throw SentcError.of(5018, "NotLoggedIn", "user", "no user is logged in on this device");
    }
    const user = new User(inner);
    if (jwt) {
      await user.getJwt();
    }
    return username ? [user, user.identifier] : user;
  }

  /**
   * sentc's JWT refresh: a valid JWT of the logged-in user, refreshed the way `init`'s
   * `refresh` option says. The SDK keeps the JWT and refresh token itself, so the arguments
   * are accepted and not needed.
   */
  static async refreshJwt(_oldJwt, _refreshToken) {
    return (await Sentc.getActualUser()).getJwt();
  }

  // Own backend: a new device.

  /** A new device's announcement (`body`) for the app's backend; finish with `doneRegisterDeviceStart`. */
  static prepareRegisterDeviceStart(deviceIdentifier, password) {
    return sync(() => wasm.Sentc.prepareRegisterDeviceStart(deviceIdentifier, password));
  }

  /** The transfer text for a logged-in device, from the server's answer. */
  static doneRegisterDeviceStart(start, serverOutput) {
    return async(() => wasm.Sentc.doneRegisterDeviceStart(start, serverOutput));
  }

  /** Announces a new device; the transfer text for a logged-in device (`user.registerDevice`). */
  static registerDeviceStart(deviceIdentifier, password) {
    return async(() => wasm.Sentc.registerDeviceStart(deviceIdentifier, password));
  }

  // Public keys, verified through the owner's key chain.

  /** sentc's `{ public_key, public_key_id, public_key_sig_key_id, verified }` of a user's newest key. */
  static async getUserPublicKey(userId) {
    const key = await async(() => wasm.Sentc.getUserPublicKey(userId));
    return { public_key: JSON.stringify(key), public_key_id: key.id, public_key_sig_key_id: undefined, verified: true };
  }

  /** One of a user's verify keys (exported, a JSON string). */
  static async getUserVerifyKey(userId, keyId) {
    return JSON.stringify(await async(() => wasm.Sentc.getUserVerifyKey(userId, keyId)));
  }

  /** sentc's `{ key, id }` of a group's newest public key. */
  static async getGroupPublicKey(groupId) {
    const key = await async(() => wasm.Sentc.getGroupPublicKey(groupId));
    return { key: JSON.stringify(key), id: key.id };
  }

  /** Whether `publicKey` (of `getUserPublicKey`) is the newest key of the user's verified chain. */
  static async verifyUserPublicKey(userId, publicKey, _force) {
    const newest = await Sentc.getUserPublicKey(userId);
    return newest.public_key_id === publicKey.public_key_id;
  }

  // sentc's long forms of the lookups: the server is the one `init` set up, so `baseUrl` and
  // `appToken` must name it.

  /** `getUserPublicKey` with the server named. */
  static getUserPublicKeyData(baseUrl, appToken, userId) {
    return sameServer(baseUrl, appToken, () => Sentc.getUserPublicKey(userId));
  }

  /** `getUserVerifyKey` with the server named. */
  static getUserVerifyKeyData(baseUrl, appToken, userId, verifyKeyId) {
    return sameServer(baseUrl, appToken, () => Sentc.getUserVerifyKey(userId, verifyKeyId));
  }

  /** `getGroupPublicKey` with the server named. */
  static getGroupPublicKeyData(baseUrl, appToken, groupId) {
    return sameServer(baseUrl, appToken, () => Sentc.getGroupPublicKey(groupId));
  }

  /** `verifyUserPublicKey` with the server named. */
  static verifyUsersPublicKey(baseUrl, appToken, userId, publicKey, force = false) {
    return sameServer(baseUrl, appToken, () => Sentc.verifyUserPublicKey(userId, publicKey, force));
  }

  // Ours: identity pins.

  /** Forgets the password parameters and key chain this device pinned for `identifier`. */
  static unpinIdentifier(identifier) {
    return async(() => wasm.Sentc.unpinIdentifier(identifier));
  }

  /** Forgets the identity this device pinned for another user (after comparing safety numbers). */
  static acceptIdentityChange(userId) {
    return async(() => wasm.Sentc.acceptIdentityChange(userId));
  }
}

/** sentc's refresh strategies. */
export const REFRESH_ENDPOINT = Object.freeze({ cookie: 0, cookie_fn: 1, api: 2 });

export { SentcError, Uploader, Downloader };
