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
  [1003, "client_101"], // InvalidJson: sentc's JsonParseFailed
  [1007, "client_10"], // InputTruncated: sentc's "cipher is too short"
  [2002, "server_304"], // KeyRequired: sentc's GroupKeyNotFound
  [3001, "client_14"], // DecryptionFailed
  [3002, "client_22"], // SignatureInvalid: sentc's VerifyFailed
  [3003, "client_42"], // SignatureMissing: sentc's "this data doesn't contain a sign"
  [4001, "server_200"], // AppTokenMissing: sentc's AppTokenNotFound
  [4002, "server_200"], // AppTokenInvalid
  [5001, "server_112"], // LoginFailed: sentc's Login
  [5002, "server_101"], // IdentifierTaken: sentc's UserExists
  [5003, "server_31"], // JwtMissing: sentc's JwtNotFound
  [5004, "server_30"], // JwtInvalid: sentc's JwtValidation
  [5005, "server_30"], // JwtExpired
  [5006, "server_113"], // FreshJwtRequired: sentc's WrongJwtAction
  [5007, "server_114"], // RefreshTokenInvalid: sentc's RefreshToken
  [5011, "server_100"], // UserNotFound
  [5012, "server_116"], // DeviceNotFound: sentc's UserDeviceNotFound
  [5013, "server_115"], // LastDevice: sentc's UserDeviceDelete
  [6001, "server_310"], // GroupNotFound: sentc's GroupAccess
  [6002, "server_310"], // GroupAccessDenied
  [6003, "server_301"], // GroupRankTooLow: sentc's GroupUserRank
  [6004, "client_200"], // GroupRankInvalid: sentc's GroupRank
  [6005, "server_315"], // GroupCreatorStays: sentc's GroupUserKick
  [6006, "server_317"], // GroupInvitesDisabled: sentc's GroupInviteStop
  [6007, "server_302"], // GroupMemberExists: sentc's GroupUserExists
  [6008, "server_307"], // GroupInviteNotFound
  [6009, "server_309"], // GroupJoinRequestNotFound: sentc's GroupJoinReqNotFound
  [6010, "server_300"], // GroupMemberNotFound: sentc's GroupUserNotFound
  [6014, "server_400"], // SymKeyNotFound: sentc's KeyNotFound
  [8001, "client_10000"], // OtpRequired: sentc's "User enabled mfa and this must be handled"
  [8002, "server_902"], // OtpInvalid: sentc's ToTpWrongToken
  [8003, "server_901"], // OtpNotEnabled: sentc's ToTpGet
  [10001, "client_1000"], // TransportFailed: sentc's RequestErr
  [10002, "client_101"], // InvalidServerResponse: sentc's JsonParseFailed
]);

/** Codes the server sends (areas app, user, group, file, otp, server); the rest are the SDK's. */
const SERVER_AREAS = new Set(["app", "user", "group", "file", "otp", "server"]);
/** The SDK's own codes in those areas: NotLoggedIn and the file chunk checks. */
const CLIENT_CODES = new Set([5018, 7001, 7002, 7003, 7004]);

/** The sentc status of one of our errors. */
export function sentcStatus(code, area) {
  const mapped = SENTC_STATUS.get(code);
  if (mapped !== undefined) {
    return mapped;
  }
  const server = SERVER_AREAS.has(area) && !CLIENT_CODES.has(code);
  return `${server ? "server" : "client"}_${code}`;
}

/**
 * Marks the errors of every copy of this package: an app that loads both the ESM and the
 * CommonJS build (directly or through a dependency) has two SentcError classes, and
 * `instanceof` must hold across them.
 */
const BRAND = Symbol.for("sentc.SentcError");

/** A failure of sentc: `code` is stable (docs/errors.md); `status` is sentc's. */
export class SentcError extends Error {
  /** True for an error of any copy of this package. */
  static [Symbol.hasInstance](value) {
    return typeof value === "object" && value !== null && value[BRAND] === true;
  }

  /**
   * @param {{ code: number, codeName: string, area: string, message: string, keyId?: string }} fields
   */
  constructor({ code, codeName, area, message, keyId }) {
    const status = sentcStatus(code, area);
    super(JSON.stringify({ status, error_message: message }));
    this.name = "SentcError";
    Object.defineProperty(this, BRAND, { value: true });
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
