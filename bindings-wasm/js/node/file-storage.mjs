// A storage for Node.js apps that keep the user across restarts: one JSON file whose values are
// encrypted with AES-256-GCM under a 32-byte key the app supplies (from its secret store, never
// beside the file). Names are stored as HMACs (they hold user ids), values are bound to their
// name (additional data), so values cannot be swapped between entries; a value that does not
// decrypt reads as missing. The HMAC and AES keys are derived from the app's key with HKDF. Writes go to a
// temporary file renamed over the old one, one at a time, so a crash leaves the old or the new
// file, never half of one.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { SentcError } from "../web/errors.js";

const IV_BYTES = 12;
const TAG_BYTES = 16;

function storageKeys(key) {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw SentcError.of(2003, "InvalidKey", "key", "fileStorage needs a 32-byte key (Uint8Array)");
  }
  const derive = (info) => Buffer.from(hkdfSync("sha256", key, new Uint8Array(0), info, 32));
  return { aes: derive("sentc-file-storage-aes-v1"), names: derive("sentc-file-storage-names-v1") };
}

function entryName(keys, name) {
  return createHmac("sha256", keys.names).update(name, "utf8").digest("base64");
}

function seal(key, name, value) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(name, "utf8"));
  const data = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]).toString("base64");
}

function open(key, name, sealed) {
  try {
    const bytes = Buffer.from(sealed, "base64");
    const iv = bytes.subarray(0, IV_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(name, "utf8"));
    decipher.setAuthTag(tag);
    const data = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

async function readEntries(path) {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") {
      return {};
    }
    throw SentcError.of(10004, "StoreFailed", "client", `cannot read ${path}: ${error.message}`);
  }
}

/**
 * A `Sentc.init({ storage })` object keeping values in the file at `path`, encrypted under `key`.
 * @param {string} path
 * @param {Uint8Array} key 32 bytes
 */
export function fileStorage(path, key) {
  const keys = storageKeys(key);
  let queue = Promise.resolve();
  // One read-modify-write at a time: two concurrent sets must not lose one another.
  const update = (change) => {
    const next = queue.then(async () => {
      const entries = await readEntries(path);
      change(entries);
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(entries), { mode: 0o600 });
      await rename(temporary, path);
    });
    queue = next.catch(() => {});
    return next;
  };
  return {
    async get(name) {
      await queue;
      const sealed = (await readEntries(path))[entryName(keys, name)];
      return typeof sealed === "string" ? open(keys.aes, name, sealed) : null;
    },
    set(name, value) {
      return update((entries) => {
        entries[entryName(keys, name)] = seal(keys.aes, name, value);
      });
    },
    delete(name) {
      return update((entries) => {
        delete entries[entryName(keys, name)];
      });
    },
  };
}
