// The error every function of the package throws: `SentcError`, with our stable code
// (docs/errors.md) and sentc's shape beside it, so code written for sentc's SDK keeps working:
// `status` ("server_<n>" / "client_<n>") and `error_message`, and a `message` / `toString()`
// that `JSON.parse` reads as sentc's apps do (`JSON.parse(e)` / `JSON.parse(e.message)`).

/**
 * sentc's status for our codes whose meaning matches one of sentc's (the map is documented in
 * docs/migrating-from-sentc.md). Every other code keeps its own number: "server_<code>" when the
 * server answered with it, "client_<code>" when the SDK raised it.
 */
const SENTC_STATUS = new Map([
  // Filled from sentc's error codes (docs/migrating-from-sentc.md, "Errors").
]);

/** Codes the server sends (areas app, user, group, file, otp, server); the rest are the SDK's. */
const SERVER_AREAS = new Set(["app", "user", "group", "file", "otp", "server"]);

/** The sentc status of one of our errors. */
export function sentcStatus(code, area) {
  const mapped = SENTC_STATUS.get(code);
  if (mapped !== undefined) {
    return mapped;
  }
  return `${SERVER_AREAS.has(area) ? "server" : "client"}_${code}`;
}

/** A failure of sentc: `code` is stable (docs/errors.md); `status` is sentc's. */
export class SentcError extends Error {
  /**
   * @param {{ code: number, codeName: string, area: string, message: string, keyId?: string }} fields
   */
  constructor({ code, codeName, area, message, keyId }) {
    const status = sentcStatus(code, area);
    super(JSON.stringify({ status, error_message: message }));
    this.name = "SentcError";
    this.code = code;
    this.codeName = codeName;
    this.area = area;
    this.status = status;
    this.error_message = message;
    if (keyId !== undefined) {
      this.keyId = keyId;
    }
  }

  /** sentc's thrown string: `{"status": ..., "error_message": ...}`. */
  toString() {
    return this.message;
  }

  /** The error of a failed call into the WebAssembly module (anything else is passed on). */
  static from(error) {
    if (error instanceof SentcError || !(error instanceof Error) || error.name !== "SentcError") {
      return error;
    }
    return new SentcError({
      code: error.code,
      codeName: error.codeName,
      area: error.area,
      message: error.message,
      keyId: error.keyId,
    });
  }

  /** An error raised by this package's own layer (not the WebAssembly module). */
  static of(code, codeName, area, message) {
    return new SentcError({ code, codeName, area, message });
  }
}

/** Runs a call into the WebAssembly module; its thrown errors become `SentcError`s. */
export function sync(call) {
  try {
    return call();
  } catch (error) {
    throw SentcError.from(error);
  }
}

/** The same for an async call. */
export async function async(call) {
  try {
    return await call();
  } catch (error) {
    throw SentcError.from(error);
  }
}

/** 1001 MalformedInput, for arguments this layer refuses. */
export function malformed(message) {
  return SentcError.of(1001, "MalformedInput", "input", message);
}
