// The default storage of the browser SDK: IndexedDB, every value encrypted with AES-256-GCM
// under a non-extractable WebCrypto key that lives in the same database. Script on the page can
// use the key while the page runs (as it can use the SDK), but the key's bytes cannot be read,
// so a copy of the database (a backup, a disk image, another profile) reveals nothing.
//
// Each value is bound to its storage key (AES-GCM additional data), so values cannot be swapped
// between entries. A value that does not decrypt (the key was lost) reads as missing.
//
// Where IndexedDB or WebCrypto is missing (an insecure http origin, some private modes),
// openIndexedDbStorage resolves to null and the SDK keeps the user in memory instead.
//
// The package's JS layer opens it (openStorage) and hands the object to the WebAssembly module.

const VALUES = "values";
const KEYS = "keys";
const WRAPPING_KEY = "storage-key";

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(name) {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(VALUES);
    req.result.createObjectStore(KEYS);
  };
  return request(req);
}

async function storageKey(db) {
  const read = db.transaction(KEYS, "readonly").objectStore(KEYS).get(WRAPPING_KEY);
  const existing = await request(read);
  if (existing) {
    return existing;
  }
  const created = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  try {
    // add, not put: if another tab created a key meanwhile, keep that one.
    await request(db.transaction(KEYS, "readwrite").objectStore(KEYS).add(created, WRAPPING_KEY));
    return created;
  } catch {
    return request(db.transaction(KEYS, "readonly").objectStore(KEYS).get(WRAPPING_KEY));
  }
}

/**
 * Opens the encrypted storage in database `name`; null where it cannot work.
 * @param {string} name
 */
export async function openIndexedDbStorage(name) {
  if (typeof indexedDB === "undefined" || !globalThis.crypto || !crypto.subtle) {
    return null;
  }
  let db;
  let key;
  try {
    db = await open(name);
    key = await storageKey(db);
  } catch {
    return null;
  }
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const store = (mode) => db.transaction(VALUES, mode).objectStore(VALUES);

  return {
    async get(name) {
      const entry = await request(store("readonly").get(name));
      if (!entry) {
        return null;
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: entry.iv, additionalData: encoder.encode(name) },
          key,
          entry.data,
        );
        return decoder.decode(plain);
      } catch {
        return null;
      }
    },
    async set(name, value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(name) },
        key,
        encoder.encode(value),
      );
      // Encrypt first: an IndexedDB transaction closes when it waits on anything else.
      await request(store("readwrite").put({ iv, data }, name));
    },
    async delete(name) {
      await request(store("readwrite").delete(name));
    },
  };
}

/** A storage in memory, with the same methods. */
function memoryStorage() {
  const values = new Map();
  return {
    get: (name) => values.get(name) ?? null,
    set: (name, value) => void values.set(name, value),
    delete: (name) => void values.delete(name),
  };
}

/**
 * The storage `Sentc.init`'s `storage` option names, for the WebAssembly module: "indexeddb"
 * (the browser default) is opened here, and is "memory", with a warning, where it cannot work;
 * "memory" and the app's own object pass through.
 */
export async function openStorage(storage, name) {
  if (storage !== undefined && storage !== null && storage !== "indexeddb") {
    return storage;
  }
  const opened = await openIndexedDbStorage(name);
  if (!opened) {
    console.warn("sentc: IndexedDB or WebCrypto is not available; the user is kept in memory only");
    return "memory";
  }
  return opened;
}

/** The app's storage object, its keys prefixed so that they never meet the SDK's. */
function prefixed(storage) {
  return {
    get: (name) => storage.get(`app:${name}`),
    set: (name, value) => storage.set(`app:${name}`, value),
    delete: (name) => storage.delete(`app:${name}`),
  };
}

/**
 * sentc's `Sentc.getStore()`: a place for the app's own values (anything JSON can hold), apart
 * from the SDK's: the encrypted IndexedDB database `<name>-app`, memory, or the app's storage
 * object under keys prefixed `app:`.
 */
export async function openAppStore(storage, name) {
  let backing;
  if (typeof storage === "object" && storage !== null) {
    backing = prefixed(storage);
  } else if (storage === "memory") {
    backing = memoryStorage();
  } else {
    backing = (await openIndexedDbStorage(`${name}-app`)) ?? memoryStorage();
  }
  return {
    async getItem(key) {
      const value = await backing.get(key);
      return value === null || value === undefined ? undefined : JSON.parse(value);
    },
    async set(key, item) {
      await backing.set(key, JSON.stringify(item));
    },
    async delete(key) {
      await backing.delete(key);
    },
  };
}
