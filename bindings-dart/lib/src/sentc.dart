part of '../sentc.dart';

/// sentc's `Sentc`: call `init` once, then register, log in and look up keys. It keeps the one
/// client of the app (the bridge's `SentcClient`).
class Sentc {
  Sentc._();

  static SentcClient? _client;

  static SentcClient get _api =>
      _client ?? (throw StateError('call Sentc.init before any other Sentc call'));

  /// sentc's `Sentc.init`: loads the native library, connects to your sentc server at `baseUrl`
  /// (required: there is no hosted default) with the app's public `appToken`, and returns the
  /// user this device is logged in as, if any. `storage` keeps the session (default: the
  /// platform's secure storage); `httpClient` sends the requests (default: `package:http`).
  static Future<User?> init({
    required String baseUrl,
    required String appToken,
    StorageInterface? storage,
    SentcHttpClient? httpClient,
    String? storePrefix,
  }) async {
    if (_client == null) {
      await RustLib.init();
    }
    final store = storage ?? SecureStorage();
    await store.init();
    _client = SentcClient(
      options: SentcOptions(baseUrl: baseUrl, appToken: appToken, storePrefix: storePrefix),
      transport: SentcTransport.dart(send: (httpClient ?? PackageHttpClient()).send),
      store: SentcStore.dart(get_: store.getItem, set_: store.set, delete: store.delete),
    );
    return getActualUser();
  }

  /// sentc's `getActualUser`: the user this device is logged in as, if any.
  static Future<User?> getActualUser() async {
    final user = await _api.getActualUser();
    return user == null ? null : User._(user);
  }

  /// sentc's `register(userIdentifier, password)`: the new user's id.
  static Future<String> register(String userIdentifier, String password) =>
      _api.register(identifier: userIdentifier, password: password);

  /// sentc's `login(deviceIdentifier, password)`: the user, or the second factor it still
  /// needs (then `mfaLogin` or `mfaRecoveryLogin`).
  static Future<LoginResult> login(String deviceIdentifier, String password) async {
    final result = await _api.login(identifier: deviceIdentifier, password: password);
    final user = result.user;
    return LoginResult._(user == null ? null : User._(user), result.mfa);
  }

  /// sentc's `mfaLogin(token, loginData)`: finishes a login with a one-time password.
  static Future<User> mfaLogin(String token, MfaStep loginData) =>
      _api.mfaLogin(token: token, loginData: loginData).then(User._);

  /// sentc's `mfaRecoveryLogin(recoveryToken, loginData)`: finishes a login with a recovery
  /// code.
  static Future<User> mfaRecoveryLogin(String recoveryToken, MfaStep loginData) =>
      _api.mfaRecoveryLogin(recoveryToken: recoveryToken, loginData: loginData).then(User._);

  /// sentc's `checkUserIdentifierAvailable(userIdentifier)`.
  static Future<bool> checkUserIdentifierAvailable(String userIdentifier) =>
      _api.checkUserIdentifierAvailable(identifier: userIdentifier);

  /// sentc's `prepareCheckUserIdentifierAvailable(userIdentifier)`: the body for the app's
  /// backend.
  static Future<String> prepareCheckUserIdentifierAvailable(String userIdentifier) =>
      _api.prepareCheckUserIdentifierAvailable(identifier: userIdentifier);

  /// sentc's `doneCheckUserIdentifierAvailable(serverOutput)`.
  static Future<bool> doneCheckUserIdentifierAvailable(String serverOutput) =>
      _api.doneCheckUserIdentifierAvailable(serverOutput: serverOutput);

  /// sentc's `prepareRegister(userIdentifier, password)`: the body of a registration for the
  /// app's backend to send with its secret token.
  static Future<String> prepareRegister(String userIdentifier, String password) =>
      _api.prepareRegister(identifier: userIdentifier, password: password);

  /// sentc's `doneRegister(serverOutput)`: the new user's id.
  static Future<String> doneRegister(String serverOutput) =>
      _api.doneRegister(serverOutput: serverOutput);

  /// The body of the backend's `Backend.resetUser` for a user who forgot the password: new
  /// keys made here.
  static Future<String> prepareResetUser(String userId, String identifier, String newPassword) =>
      _api.prepareResetUser(userId: userId, identifier: identifier, newPassword: newPassword);

  /// sentc's `registerDeviceStart(deviceIdentifier, password)`: the transfer text for a
  /// logged-in device's `User.registerDevice`.
  static Future<String> registerDeviceStart(String deviceIdentifier, String password) =>
      _api.registerDeviceStart(deviceIdentifier: deviceIdentifier, password: password);

  /// sentc's `getUserPublicKey(userId)`: from the user's verified key chain.
  static Future<PublicKeyData> getUserPublicKey(String userId) =>
      _api.getUserPublicKey(userId: userId);

  /// sentc's `getUserVerifyKey(userId, verifyKeyId)`.
  static Future<PublicKeyData> getUserVerifyKey(String userId, String verifyKeyId) =>
      _api.getUserVerifyKey(userId: userId, keyId: verifyKeyId);

  /// sentc's `getGroupPublicKeyData(groupId)`.
  static Future<PublicKeyData> getGroupPublicKeyData(String groupId) =>
      _api.getGroupPublicKey(groupId: groupId);

  /// Key trust: the id of the newest generation of `userId`'s identity this device pinned.
  static Future<String?> pinnedIdentity(String userId) => _api.pinnedIdentity(userId: userId);

  /// Key trust: accepts `userId`'s changed identity after `2010 IdentityChanged`, when the
  /// change is known to be real (a safety number compared out of band).
  static Future<void> acceptIdentityChange(String userId) =>
      _api.acceptIdentityChange(userId: userId);

  /// Forgets what this device pinned for `identifier`, after a reset the app knows about.
  static Future<void> unpinIdentifier(String identifier) =>
      _api.unpinIdentifier(identifier: identifier);
}

/// A login: `user` when logged in, else `mfa` for `Sentc.mfaLogin`.
class LoginResult {
  LoginResult._(this.user, this.mfa);

  /// The user, when no second factor is needed.
  final User? user;

  /// The pending login, when a second factor is needed.
  final MfaStep? mfa;
}
