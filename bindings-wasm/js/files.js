// Files in the package: the requests of the file calls, sent from here so that a `Blob` (a
// `File` is one) is read slice by slice into encrypted parts and a download is handed out as a
// `ReadableStream` (or collected into a `Blob`), with progress and cancellation. The bodies,
// every check of the server's answers and the chunks' encryption are the WebAssembly module's
// (the Rust core's, sans-IO); this layer only sends, loops and reports. Memory stays bounded by
// a few chunks whatever the file's size.
import * as wasm from "./sentc.js";
import { SentcError, async, sync } from "./errors.js";

/** The plaintext per chunk (and so per uploaded part): 4 MiB, as sentc. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** Parts per page of a part list (the server's page size). */
const PARTS_PAGE = 500;

/** Tries per part before a transfer gives up (a failed part is sent again as it was). */
const TRIES = 3;

/** Runs `call` again after a network failure (`10001 TransportFailed`), up to `TRIES` times. */
async function retried(call) {
  let caught;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    try {
      return await call();
    } catch (failed) {
      caught = failed;
      if (failed?.code !== 10001) break;
    }
  }
  throw caught;
}

/** sentc's `Uploader.cancel_upload`: set it to true to stop the uploads running now. */
export class Uploader {
  static cancel_upload = false;
}

/** sentc's `Downloader.cancel_download`: set it to true to stop the downloads running now. */
export class Downloader {
  static cancel_download = false;
}

const error = (code, codeName, message) => SentcError.of(code, codeName, "client", message);

/** Throws `10007 Cancelled` if the app asked to stop (sentc's flag, or our `AbortSignal`). */
function checkCancel(flag, signal) {
  if (flag() || signal?.aborted) {
    throw error(10007, "Cancelled", "the operation was cancelled");
  }
}

/** The error of a server answer that is not a success. */
function failure(text) {
  try {
    sync(() => wasm.serverResult(text));
  } catch (caught) {
    return caught;
  }
  return error(10002, "InvalidServerResponse", "the server answered a success where an error was due");
}

/**
 * The requests of a user's file calls: the server, token and `fetch` of `Sentc.init`, the
 * user's JWT (refreshed once if the server finds it expired) and, for a connected group, the
 * member group to act through.
 */
export class FileHttp {
  #options;
  #user;
  #via;

  constructor(options, user, via) {
    this.#options = options;
    this.#user = user;
    this.#via = via;
  }

  /** sentc's `file_part_url`: the app's own storage for parts, if it has one. */
  get partUrl() {
    const url = this.#options.file_part_url;
    return url ? String(url).replace(/\/+$/, "") : undefined;
  }

  async #fetch(method, path, body, jwt) {
    const headers = { "x-sentc-app-token": this.#options.app_token, authorization: `Bearer ${jwt}` };
    if (body !== undefined) {
      headers["content-type"] = typeof body === "string" ? "application/json" : "application/octet-stream";
    }
    if (this.#via) {
      headers["x-sentc-group-access-id"] = this.#via;
    }
    // An absolute URL is the app's own part storage (it gets the JWT to register parts as the user).
    const base = /^https?:/.test(path) ? "" : String(this.#options.base_url ?? "").replace(/\/+$/, "");
    const fetcher = this.#options.fetch ?? globalThis.fetch;
    // A part goes as a Blob: Chromium uploaded a 4 MiB Uint8Array body at ~10 MiB/s and the same
    // bytes as a Blob at ~37 MiB/s (bindings-wasm/bench/file-memory.mjs, BENCHMARKS.md).
    const sent = body instanceof Uint8Array ? new Blob([body]) : body;
    try {
      return await fetcher(base + path, { method, headers, body: sent, credentials: "omit" });
    } catch (caught) {
      throw error(10001, "TransportFailed", `the request to the server failed: ${caught?.message ?? caught}`);
    }
  }

  /** Sends a request; the answer's text, or its bytes when `binary` and it succeeded. */
  async send(method, path, body, binary = false) {
    const jwt = await async(() => this.#user.jwt());
    let response = await this.#fetch(method, path, body, jwt);
    if (response.status === 401) {
      const refused = failure(await response.text());
      if (refused.code !== 5005) throw refused;
      const fresh = await async(() => this.#user.jwt(jwt));
      response = await this.#fetch(method, path, body, fresh);
    }
    if (binary && response.status === 200) {
      return new Uint8Array(await response.arrayBuffer());
    }
    const text = await response.text();
    if (binary) throw failure(text);
    return text;
  }

  /** Sends a JSON request and checks the answer is a success; its result's text. */
  async json(method, path, body) {
    const text = await this.send(method, path, body);
    return sync(() => wasm.serverResult(text));
  }
}

/** A path with its values percent-encoded. */
const path = (strings, ...values) =>
  strings.reduce((out, part, index) => out + encodeURIComponent(values[index - 1]) + part);

/** Registers a file prepared by `wasm.prepareRegisterFile` at `registerPath`: `[fileId, sessionId]`. */
export async function registerFile(http, registerPath, serverInput, fileId) {
  const text = await http.send("POST", registerPath, serverInput);
  return sync(() => wasm.doneFileRegister(text, fileId));
}

/**
 * Sends one encrypted part (again as it was after a network failure): to the server, or with
 * sentc's `file_part_url` to the app's own storage at `<file_part_url>/<session>/<sequence>/<end>`,
 * whose backend registers it (`POST /api/v1/file/part/...` with its secret token, no body) and
 * answers with the server's answer.
 */
async function sendPart(http, sessionId, sequence, last, sealed) {
  const own = http.partUrl;
  const target = own
    ? `${own}${path`/${sessionId}/${sequence}/${last}`}`
    : path`/api/v1/file/part/${sessionId}/${sequence}/${last}`;
  await retried(async () => {
    const text = await http.send("POST", target, sealed);
    sync(() => wasm.doneUploadPart(text, sequence, last));
  });
}

/**
 * Encrypts `blob` under `key` (the module's `SymKey`; the file's id is the key's) and uploads
 * it into an upload session, part by part from `nextSequence`. `onProgress(fraction)` runs after
 * each part; `signal` (an `AbortSignal`) or `Uploader.cancel_upload` stops it between parts with
 * `10007 Cancelled` (the file stays registered and incomplete; an upload from `nextSequence`
 * resumes it).
 */
export async function uploadBlob(http, blob, key, sessionId, options = {}) {
  const { onProgress, signal, chunkSize = CHUNK_SIZE, nextSequence = 0 } = options;
  const encryptor = sync(() => key.fileEncryptor(key.id, nextSequence));
  const parts = Math.max(1, Math.ceil(blob.size / chunkSize));
  try {
    for (let sequence = nextSequence; sequence < parts; sequence++) {
      checkCancel(() => Uploader.cancel_upload, signal);
      const start = sequence * chunkSize;
      const bytes = new Uint8Array(await blob.slice(start, start + chunkSize).arrayBuffer());
      const last = sequence === parts - 1;
      const sealed = sync(() => encryptor.sealChunk(bytes, last));
      await sendPart(http, sessionId, sequence, last, sealed);
      onProgress?.((sequence + 1) / parts);
    }
  } finally {
    encryptor.free();
  }
}

/**
 * A file's metadata (checked, `file_name` decrypted) and content key: `[meta, key]`. With
 * `verify` the content key must be signed: `verify` is a verify key (what
 * `Sentc.getUserVerifyKey` gives, as sentc's `verify_key`) or, ours, the id of the user who must
 * have signed it (its creator); `lookup(userId, keyId)` fetches that user's verify key.
 */
export async function fileMeta(http, fileId, openKey, verify, lookup) {
  const text = await http.send("GET", path`/api/v1/file/${fileId}`);
  const meta = JSON.parse(sync(() => wasm.doneFileMeta(text, fileId)));
  let verifyKey;
  if (verify && verify.startsWith("{")) {
    verifyKey = verify;
  } else if (verify) {
    const signer = sync(() => wasm.signerKeyId(meta.wrapped_key));
    if (signer === undefined) {
      throw SentcError.of(3003, "SignatureMissing", "crypto", "the file's key is not signed");
    }
    verifyKey = await lookup(verify, signer);
  }
  const key = openKey(meta.wrapped_key, verifyKey);
  if (meta.encrypted_file_name) {
    meta.file_name = sync(() => key.decryptFileName(fileId, meta.encrypted_file_name));
  }
  return [meta, key];
}

/** The parts of a file in order, listed page by page as the reader gets to them. */
class PartList {
  #http;
  #fileId;
  #parts;
  #listedTo;
  #done;

  constructor(http, meta) {
    this.#http = http;
    this.#fileId = meta.file_id;
    this.#parts = [...meta.part_list];
    this.#listedTo = this.#parts.length ? this.#parts[this.#parts.length - 1].sequence : -1;
    this.#done = this.#parts.length < PARTS_PAGE;
  }

  async next() {
    if (this.#parts.length === 0 && !this.#done) {
      const text = await this.#http.send("GET", path`/api/v1/file/${this.#fileId}/part_fetch/${this.#listedTo}`);
      const page = JSON.parse(sync(() => wasm.donePartList(text, this.#listedTo)));
      this.#done = page.length < PARTS_PAGE;
      if (page.length) this.#listedTo = page[page.length - 1].sequence;
      this.#parts.push(...page);
    }
    return this.#parts.shift();
  }
}

/** Where a part is read: the server, or the app's own storage at `<file_part_url>/<part_id>`. */
function partSource(http, meta, part) {
  if (!part.extern_storage) {
    return path`/api/v1/file/${meta.file_id}/part/${part.sequence}`;
  }
  if (!http.partUrl) {
    throw SentcError.of(7005, "FilePartNotFound", "file", "the part is in the app's own storage: set file_part_url");
  }
  return `${http.partUrl}${path`/${part.part_id}`}`;
}

/**
 * A file's plaintext as a `ReadableStream` of `Uint8Array` chunks, each part fetched when the
 * reader asks for it and checked by the core: a part missing, reordered, repeated or of another
 * file fails the stream with 7001-7004, a changed one with 3001.
 */
export function downloadStream(http, meta, key, { onProgress, signal } = {}) {
  const decryptor = sync(() => key.fileDecryptor(meta.file_id));
  const parts = new PartList(http, meta);
  const total = Math.max(1, meta.part_list.length);
  let read = 0;
  let freed = false;
  const free = () => {
    if (!freed) {
      freed = true;
      decryptor.free();
    }
  };
  return new ReadableStream(
    {
      async pull(controller) {
        try {
          checkCancel(() => Downloader.cancel_download, signal);
          const part = await parts.next();
          if (part === undefined) {
            sync(() => decryptor.finish());
            free();
            controller.close();
            return;
          }
          const source = partSource(http, meta, part);
          const bytes = await retried(() => http.send("GET", source, undefined, true));
          const chunk = sync(() => decryptor.openChunk(bytes));
          read += 1;
          onProgress?.(Math.min(1, read / total));
          controller.enqueue(chunk);
        } catch (caught) {
          free();
          controller.error(caught);
        }
      },
      cancel: free,
    },
    { highWaterMark: 1 },
  );
}

/** A file's plaintext collected into a `Blob` (the browser may keep large blobs on disk). */
export async function downloadBlob(http, meta, key, options) {
  const chunks = [];
  const reader = downloadStream(http, meta, key, options).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return new Blob(chunks);
}

/** Renames a file (no name: removes it). */
export function renameFile(http, fileId, key, fileName) {
  const body = sync(() => key.fileNameBody(fileId, fileName || undefined));
  return http.json("PUT", path`/api/v1/file/${fileId}`, body);
}

/** Deletes a file. */
export function deleteFile(http, fileId) {
  return http.json("DELETE", path`/api/v1/file/${fileId}`);
}

export { path };
