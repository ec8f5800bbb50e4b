part of '../sentc.dart';

/// A logged-in user: sentc's `User`, with sentc's method names and argument order (optional
/// arguments last, in brackets). Each method hands its arguments to the bridge unchanged; the
/// work is in the Rust core.
class User {
  User._(this._inner);

  final rust_user.User _inner;

  /// sentc's `acceptGroupInvite(groupId)`.
  Future<void> acceptGroupInvite(String groupId) =>
      _inner.acceptGroupInvite(groupId: groupId);

  /// sentc's `changePassword(oldPassword, newPassword, mfaToken, mfaRecovery)`.
  Future<void> changePassword(String oldPassword, String newPassword, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.changePassword(oldPassword: oldPassword, newPassword: newPassword, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `createFile(path, sign, replyId, uploadCallback)`: encrypts and uploads the file
  /// at `path` for `reply_id` (default this user alone); `progress` gets the bytes sent after
  /// each part and cancels with `false`.
  Future<FileCreateOutput> createFile(String path, [bool sign = false, String? replyId, FutureOr<bool> Function(int done)? progress]) =>
      _inner.createFile(path: path, sign: sign, replyId: replyId, progress: _progress(progress));

  /// `createFile` from memory (for the web, which has no files).
  Future<FileCreateOutput> createFileWithBytes(List<int> data, [String? fileName, bool sign = false, String? replyId, FutureOr<bool> Function(int done)? progress]) =>
      _inner.createFileWithBytes(data: data, fileName: fileName, sign: sign, replyId: replyId, progress: _progress(progress));

  /// sentc's `createGroup(sign)`: the new group's id.
  Future<String> createGroup([bool sign = false]) =>
      _inner.createGroup(sign: sign);

  /// sentc's `createSafetyNumber(userToCompare)`: this user's and `user_id`'s number, to
  /// compare out of band.
  Future<String> createSafetyNumber(String userId) =>
      _inner.createSafetyNumber(userId: userId);

  /// sentc's `createSearch(data, full, limit)`.
  Future<SearchableItem> createSearch(String data, [bool full = false, int? limit]) =>
      _inner.createSearch(data: data, full: full, limit: limit);

  /// sentc's `createSearchRaw(data, full, limit)`.
  Future<List<String>> createSearchRaw(String data, [bool full = false, int? limit]) =>
      _inner.createSearchRaw(data: data, full: full, limit: limit);

  /// sentc's `decrypt(data)`: data encrypted for this user (signature not checked).
  Future<Uint8List> decrypt(List<int> data) =>
      _inner.decrypt(data: data);

  /// sentc's `decryptString(data)`.
  Future<String> decryptString(String data) =>
      _inner.decryptString(data: data);

  /// sentc's `decrypt(data, true, userId)`: the data must be signed by user `user_id`.
  Future<Uint8List> decryptVerified(List<int> data, String userId) =>
      _inner.decryptVerified(data: data, userId: userId);

  /// sentc's `deleteDevice(password, deviceId, mfaToken, mfaRecovery)`; the user keys then
  /// rotate, so the removed device gets no new generation.
  Future<void> deleteDevice(String password, String deviceId, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.deleteDevice(password: password, deviceId: deviceId, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `deleteFile(fileId)`.
  Future<void> deleteFile(String fileId) =>
      _inner.deleteFile(fileId: fileId);

  /// sentc's `deleteJoinReq(groupId)`.
  Future<void> deleteJoinReq(String groupId) =>
      _inner.deleteJoinReq(groupId: groupId);

  /// Deletes a registered key (its creator only).
  Future<void> deleteKey(String keyId) =>
      _inner.deleteKey(keyId: keyId);

  /// sentc's `deleteUser(password, mfaToken, mfaRecovery)`.
  Future<void> deleteUser(String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.deleteUser(password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `device_id`: this device.
  String get deviceId => _inner.deviceId;

  /// sentc's `disableOtp(password, mfaToken, mfaRecovery)`.
  Future<void> disableOtp(String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.disableOtp(password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `downloadFile(path, fileId, verifyKey, updateProgressCb)`: decrypts the
  /// file into `path`, chunk by chunk, each checked before it is written; `progress`
  /// gets the bytes written after each part and cancels with `false`.
  Future<DownloadResult> downloadFile(String path, String fileId, [String? verifyUserId, FutureOr<bool> Function(int done)? progress]) =>
      _inner.downloadFile(path: path, fileId: fileId, verifyUserId: verifyUserId, progress: _progress(progress));

  /// `downloadFile` into memory (for the web, which has no files).
  Future<DownloadBytesResult> downloadFileBytes(String fileId, [String? verifyUserId, FutureOr<bool> Function(int done)? progress]) =>
      _inner.downloadFileBytes(fileId: fileId, verifyUserId: verifyUserId, progress: _progress(progress));

  /// sentc's `downloadFileMetaInfo(fileId, verifyKey)`: the metadata and content key;
  /// with `verify_user_id`, the key must be signed by that user (its creator).
  Future<FileMetaWithKey> downloadFileMetaInfo(String fileId, [String? verifyUserId]) =>
      _inner.downloadFileMetaInfo(fileId: fileId, verifyUserId: verifyUserId);

  /// sentc's `enabledMfa()`: whether the user has a second factor.
  bool enabledMfa() =>
      _inner.enabledMfa();

  /// sentc's `encrypt(data, replyId, sign)`: data for user `reply_id`'s public key (from
  /// their verified key chain).
  Future<Uint8List> encrypt(List<int> data, String replyId, [bool sign = false]) =>
      _inner.encrypt(data: data, replyId: replyId, sign: sign);

  /// sentc's `encryptSortableNumber(number)`.
  Future<SortableItem> encryptSortableNumber(BigInt number) =>
      _inner.encryptSortableNumber(number: number);

  /// sentc's `encryptSortableRawNumber(number)`.
  Future<BigInt> encryptSortableRawNumber(BigInt number) =>
      _inner.encryptSortableRawNumber(number: number);

  /// sentc's `encryptSortableRawString(data)`.
  Future<BigInt> encryptSortableRawString(String data) =>
      _inner.encryptSortableRawString(data: data);

  /// sentc's `encryptSortableString(data)`.
  Future<SortableItem> encryptSortableString(String data) =>
      _inner.encryptSortableString(data: data);

  /// sentc's `encryptString(data, replyId, sign)` (base64).
  Future<String> encryptString(String data, String replyId, [bool sign = false]) =>
      _inner.encryptString(data: data, replyId: replyId, sign: sign);

  /// sentc's `fetchKey(keyId, masterKeyId)`: a registered key. The wrapped key names
  /// the key that opens it; `master_key_id` is kept as the key's `masterKeyId` (as in
  /// sentc's SDKs), not checked against it.
  Future<SymKey> fetchKey(String keyId, String masterKeyId) =>
      _inner.fetchKey(keyId: keyId, masterKeyId: masterKeyId);

  /// sentc's `finishKeyRotation()`: finishes the rotations other devices started; how many.
  Future<int> finishKeyRotation() =>
      _inner.finishKeyRotation();

  /// sentc's `generateNonRegisteredKey(replyId)`: a key to keep, wrapped, beside the data.
  Future<NonRegisteredKey> generateNonRegisteredKey([String? replyId]) =>
      _inner.generateNonRegisteredKey(replyId: replyId);

  /// sentc's `getDevices(lastFetchedItem)`.
  Future<List<DeviceListItem>> getDevices([DeviceListItem? lastFetchedItem]) =>
      _inner.getDevices(lastFetchedItem: lastFetchedItem);

  /// sentc's `getGroup(groupId)`: the group with its keys, its key chain verified;
  /// `backend_created` also accepts a first key made by the app's backend.
  Future<Group> getGroup(String groupId, [bool backendCreated = false]) =>
      _inner.getGroup(groupId: groupId, backendCreated: backendCreated).then(Group._);

  /// sentc's `getGroupInvites(lastFetchedItem)`.
  Future<List<GroupInviteListItem>> getGroupInvites([GroupInviteListItem? lastFetchedItem]) =>
      _inner.getGroupInvites(lastFetchedItem: lastFetchedItem);

  /// sentc's `getGroups(lastFetchedItem)`: the groups the user is a member of.
  Future<List<GroupListItem>> getGroups([GroupListItem? lastFetchedItem]) =>
      _inner.getGroups(lastFetchedItem: lastFetchedItem);

  /// sentc's `getJwt()`: a valid JWT (refreshed when it expires), for the app's own backend.
  Future<String> getJwt() =>
      _inner.getJwt();

  /// sentc's `getNonRegisteredKey(masterKeyId, key)`: opens a wrapped key.
  Future<SymKey> getNonRegisteredKey(String masterKeyId, String key) =>
      _inner.getNonRegisteredKey(masterKeyId: masterKeyId, key: key);

  /// sentc's `getOtpRecoverKeys(password, …)`: the recovery codes not used yet.
  Future<List<String>> getOtpRecoverKeys(String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.getOtpRecoverKeys(password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `groupJoinRequest(groupId)`.
  Future<void> groupJoinRequest(String groupId) =>
      _inner.groupJoinRequest(groupId: groupId);

  /// The identifier this device logged in with.
  String get identifier => _inner.identifier;

  /// sentc's `keyRotation()`: a new generation of user keys (other devices finish it).
  Future<String> keyRotation() =>
      _inner.keyRotation();

  /// sentc's `logOut()`: ends this device's sessions and clears the store.
  Future<void> logOut() =>
      _inner.logOut();

  /// The id of the user's newest key generation.
  String get newestKeyId => _inner.newestKeyId;

  /// sentc's `prepareGroupCreate(sign)`: the body of a group for the app's backend to create
  /// with `Backend.create_group` (signed by this user). No network.
  Future<String> prepareGroupCreate([bool sign = false]) =>
      _inner.prepareGroupCreate(sign: sign);

  /// sentc's `registerDevice(serverOutput)`: adds the new device whose transfer text came
  /// from `Sentc.register_device_start`.
  Future<void> registerDevice(String serverOutput) =>
      _inner.registerDevice(serverOutput: serverOutput);

  /// sentc's `registerKey(replyId)`: a new key stored on the server, wrapped for `reply_id`
  /// (default this user).
  Future<SymKey> registerKey([String? replyId]) =>
      _inner.registerKey(replyId: replyId);

  /// sentc's `registerOtp(issuer, audience, password, …)`: the URL for a QR code.
  Future<OtpRegisterUrl> registerOtp(String issuer, String audience, String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.registerOtp(issuer: issuer, audience: audience, password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `registerRawOtp(password, mfaToken, mfaRecovery)`: turns TOTP on.
  Future<OtpRegister> registerRawOtp(String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.registerRawOtp(password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `rejectGroupInvite(groupId)`.
  Future<void> rejectGroupInvite(String groupId) =>
      _inner.rejectGroupInvite(groupId: groupId);

  /// sentc's `resetOtp(issuer, audience, password, …)`.
  Future<OtpRegisterUrl> resetOtp(String issuer, String audience, String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.resetOtp(issuer: issuer, audience: audience, password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// sentc's `resetPassword(newPassword)`: right after a login (it needs a fresh JWT).
  Future<void> resetPassword(String newPassword) =>
      _inner.resetPassword(newPassword: newPassword);

  /// sentc's `resetRawOtp(password, …)`: a new secret and recovery codes.
  Future<OtpRegister> resetRawOtp(String password, [String? mfaToken, bool mfaRecovery = false]) =>
      _inner.resetRawOtp(password: password, mfaToken: mfaToken, mfaRecovery: mfaRecovery);

  /// Ends the sessions of every device (needs a fresh login).
  Future<void> revokeAllSessions() =>
      _inner.revokeAllSessions();

  /// Ends the sessions of one device (needs a fresh login).
  Future<void> revokeDeviceSessions(String deviceId) =>
      _inner.revokeDeviceSessions(deviceId: deviceId);

  /// sentc's `search(data)`: the hash to look up (newest key).
  Future<String> search(String data) =>
      _inner.search(data: data);

  /// The query's hash under every key generation, newest first.
  Future<List<String>> searchAll(String data) =>
      _inner.searchAll(data: data);

  /// sentc's `sentJoinReq(lastFetchedItem)`: the user's join requests.
  Future<List<GroupInviteListItem>> sentJoinReq([GroupInviteListItem? lastFetchedItem]) =>
      _inner.sentJoinReq(lastFetchedItem: lastFetchedItem);

  /// Signs `data` with the user's newest sign key: the signed message.
  Future<Uint8List> sign(List<int> data) =>
      _inner.sign(data: data);

  /// sentc's `updateFileName(fileId, contentKey, fileName)`.
  Future<void> updateFileName(String fileId, SymKey contentKey, [String? fileName]) =>
      _inner.updateFileName(fileId: fileId, contentKey: contentKey, fileName: fileName);

  /// sentc's `updateUser(newIdentifier)`.
  Future<void> updateUser(String newIdentifier) =>
      _inner.updateUser(newIdentifier: newIdentifier);

  /// sentc's `user_id`.
  String get userId => _inner.userId;

  /// Verifies a message signed by user `user_id`: its content.
  Future<Uint8List> verify(String userId, List<int> signedMessage) =>
      _inner.verify(userId: userId, signedMessage: signedMessage);
}
