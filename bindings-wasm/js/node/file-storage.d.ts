
/**
 * Node.js only: a storage keeping values in the file at `path`, each encrypted with AES-256-GCM
 * under the app's 32-byte `key` (keep the key in your secret store, never beside the file).
 */
export declare function fileStorage(path: string, key: Uint8Array): SentcStorage;
