//! TypeScript declarations of the plain objects the API takes and returns (the wire's field
//! names), which wasm-bindgen cannot derive from the Rust types.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Storage for the logged-in user's session and keys; methods may return promises. */
export interface SentcStorage {
    get(key: string): Promise<string | null | undefined> | string | null | undefined;
    set(key: string, value: string): Promise<void> | void;
    delete(key: string): Promise<void> | void;
}

/** `Sentc.init` options. */
export interface SentcOptions {
    /** The sentc server, e.g. "https://api.example.com". */
    base_url: string;
    /** The app's public token. */
    app_token: string;
    /** How to refresh the JWT: 0 the app's endpoint with cookies, 1 the app's function, 2 the sentc API (default). */
    refresh?: { endpoint: REFRESH_ENDPOINT | 0 | 1 | 2; endpoint_url?: string; endpoint_fn?: (oldJwt: string) => Promise<string> };
    /** "indexeddb" (default: encrypted with a non-extractable WebCrypto key), "memory", or your own storage. */
    storage?: "indexeddb" | "memory" | SentcStorage;
    /** A fetch implementation instead of globalThis.fetch. */
    fetch?: typeof fetch;
    /** Prefix of the storage keys and name of the IndexedDB database (default "sentc"). */
    store_prefix?: string;
}

/** A thrown sentc error. */
export interface SentcError extends Error {
    name: "SentcError";
    /** The stable error code (docs/errors.md). */
    code: number;
    /** The code's name, e.g. "KeyRequired". */
    codeName: string;
    /** "input" | "key" | "crypto" | "app" | "user" | "group" | "otp" | "server" | "client". */
    area: string;
    /** The key the error is about, e.g. the missing key of "KeyRequired". */
    keyId?: string;
}

/** An exported public or verify key. */
export interface PublicKeyJson { v: number; alg: string; id: string; key: string; }
export interface DeviceInfo { device_id: string; identifier: string; created_at: number; }
export interface OtpRegister { secret: string; recovery_codes: string[]; }
export interface GroupListItem { group_id: string; parent_id: string | null; time: number; }
export interface GroupRequestItem { id: string; member_type: "user" | "group"; rank: number; time: number; }
export interface MemberInfo { member_id: string; member_type: "user" | "group"; rank: number; joined_time: number; }
export type AccessBy = { kind: "direct" } | { kind: "parent"; group_id: string } | { kind: "connected"; group_id: string };
/** Searchable hashes with the algorithm and key generation that made them. */
export interface SearchableItem { hashes: string[]; alg: string; key_id: string; }
/** A sortable number with the algorithm and key generation that made it. */
export interface SortableItem { number: number; alg: string; key_id: string; }
export interface GroupLight {
    group_id: string; parent_id: string | null; rank: number; created_time: number;
    joined_time: number; is_connected_group: boolean; access_by: AccessBy;
}
"#;
