part of '../sentc.dart';

/// A group with its keys: sentc's `Group`, with sentc's method names and argument order
/// (optional arguments last, in brackets). Get one from `User.getGroup`. Each method hands its
/// arguments to the bridge unchanged; the work is in the Rust core.
class Group {
  Group._(this._inner);

  final rust_group.Group _inner;

  /// sentc's `acceptGroupInvite(groupId)`, as this group.
  Future<void> acceptGroupInvite(String groupId) =>
      _inner.acceptGroupInvite(groupId: groupId);

  /// sentc's `acceptJoinRequest(userId, userType, rank)` (`user_type` default a user).
  Future<void> acceptJoinRequest(String userId, [MemberType? userType, PlatformInt64? rank]) =>
      _inner.acceptJoinRequest(userId: userId, userType: userType, rank: rank);

  /// sentc's `createChildGroup(sign)`: the child's id.
  Future<String> createChildGroup([bool sign = false]) =>
      _inner.createChildGroup(sign: sign);

  /// sentc's `createConnectedGroup(sign)`: a connected group this group is a member of.
  Future<String> createConnectedGroup([bool sign = false]) =>
      _inner.createConnectedGroup(sign: sign);

  /// sentc's `createFile(path, sign, uploadCallback)`: encrypts and uploads the file at
  /// `path` (its name encrypted beside it), chunk by chunk; `progress` gets the bytes sent
  /// after each part and cancels with `false`.
  Future<FileCreateOutput> createFile(String path, [bool sign = false, FutureOr<bool> Function(int done)? progress]) =>
      _inner.createFile(path: path, sign: sign, progress: _progress(progress));

  /// `createFile` from memory (for the web, which has no files).
  Future<FileCreateOutput> createFileWithBytes(List<int> data, [String? fileName, bool sign = false, FutureOr<bool> Function(int done)? progress]) =>
      _inner.createFileWithBytes(data: data, fileName: fileName, sign: sign, progress: _progress(progress));

  /// sentc's `createSearch(data, full, limit)`.
  Future<SearchableItem> createSearch(String data, [bool full = false, int? limit]) =>
      _inner.createSearch(data: data, full: full, limit: limit);

  /// sentc's `createSearchRaw(data, full, limit)`.
  Future<List<String>> createSearchRaw(String data, [bool full = false, int? limit]) =>
      _inner.createSearchRaw(data: data, full: full, limit: limit);

  /// sentc's `decrypt(data)` with the key the data names (signature not checked).
  Future<Uint8List> decrypt(List<int> data) =>
      _inner.decrypt(data: data);

  /// sentc's `decryptString(text)`.
  Future<String> decryptString(String text) =>
      _inner.decryptString(text: text);

  /// sentc's `decryptString(text, true, userId)`.
  Future<String> decryptStringVerified(String text, String userId) =>
      _inner.decryptStringVerified(text: text, userId: userId);

  /// `decryptWithContext` for text.
  Future<String> decryptStringWithContext(String text, String context, [String? verifyUserId]) =>
      _inner.decryptStringWithContext(text: text, context: context, verifyUserId: verifyUserId);

  /// sentc's `decrypt(data, true, userId)`: the data must be signed by user `user_id`.
  Future<Uint8List> decryptVerified(List<int> data, String userId) =>
      _inner.decryptVerified(data: data, userId: userId);

  /// Decrypts data bound to `context`; with `verify_user_id` its signature must verify.
  Future<Uint8List> decryptWithContext(List<int> data, List<int> context, [String? verifyUserId]) =>
      _inner.decryptWithContext(data: data, context: context, verifyUserId: verifyUserId);

  /// sentc's `deleteFile(fileId)`.
  Future<void> deleteFile(String fileId) =>
      _inner.deleteFile(fileId: fileId);

  /// sentc's `deleteGroup()`.
  Future<void> deleteGroup() =>
      _inner.deleteGroup();

  /// sentc's `deleteJoinReq(groupId)`.
  Future<void> deleteJoinReq(String groupId) =>
      _inner.deleteJoinReq(groupId: groupId);

  /// Deletes a registered key (its creator only).
  Future<void> deleteKey(String keyId) =>
      _inner.deleteKey(keyId: keyId);

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

  /// sentc's `encrypt(data, sign)` with the newest key; `sign` signs with the user's key.
  Future<Uint8List> encrypt(List<int> data, [bool sign = false]) =>
      _inner.encrypt(data: data, sign: sign);

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

  /// sentc's `encryptString(text, sign)` (base64).
  Future<String> encryptString(String text, [bool sign = false]) =>
      _inner.encryptString(text: text, sign: sign);

  /// `encryptWithContext` for text (base64).
  Future<String> encryptStringWithContext(String text, String context, [bool sign = false]) =>
      _inner.encryptStringWithContext(text: text, context: context, sign: sign);

  /// Encrypts bound to `context` (a record and field): it decrypts only with the same context.
  Future<Uint8List> encryptWithContext(List<int> data, List<int> context, [bool sign = false]) =>
      _inner.encryptWithContext(data: data, context: context, sign: sign);

  /// sentc's `fetchKey(keyId, masterKeyId)`: a registered key. The wrapped key names
  /// the key that opens it; `master_key_id` is kept as the key's `masterKeyId` (as in
  /// sentc's SDKs), not checked against it.
  Future<SymKey> fetchKey(String keyId, String masterKeyId) =>
      _inner.fetchKey(keyId: keyId, masterKeyId: masterKeyId);

  /// sentc's `finishKeyRotation()`: finishes the rotations waiting for this user; how many.
  Future<int> finishKeyRotation() =>
      _inner.finishKeyRotation();

  /// sentc's `generateNonRegisteredKey()`: a key to keep, wrapped, beside the data.
  Future<NonRegisteredKey> generateNonRegisteredKey() =>
      _inner.generateNonRegisteredKey();

  /// sentc's `getChildGroup(groupId)`, its chain verified.
  Future<Group> getChildGroup(String groupId, [bool backendCreated = false]) =>
      _inner.getChildGroup(groupId: groupId, backendCreated: backendCreated).then(Group._);

  /// sentc's `getChildren(lastFetchedItem)`.
  Future<List<GroupListItem>> getChildren([GroupListItem? lastFetchedItem]) =>
      _inner.getChildren(lastFetchedItem: lastFetchedItem);

  /// sentc's `getConnectedGroup(groupId)`: a connected group reached through this one.
  Future<Group> getConnectedGroup(String groupId, [bool backendCreated = false]) =>
      _inner.getConnectedGroup(groupId: groupId, backendCreated: backendCreated).then(Group._);

  /// sentc's `getGroupInvites(lastFetchedItem)`: connected groups inviting this group.
  Future<List<GroupInviteListItem>> getGroupInvites([GroupInviteListItem? lastFetchedItem]) =>
      _inner.getGroupInvites(lastFetchedItem: lastFetchedItem);

  /// sentc's `getGroups(lastFetchedItem)`: the connected groups this group is a member of.
  Future<List<GroupListItem>> getGroups([GroupListItem? lastFetchedItem]) =>
      _inner.getGroups(lastFetchedItem: lastFetchedItem);

  /// sentc's `getJoinRequests(lastFetchedItem)`.
  Future<List<GroupJoinReqListItem>> getJoinRequests([GroupJoinReqListItem? lastFetchedItem]) =>
      _inner.getJoinRequests(lastFetchedItem: lastFetchedItem);

  /// sentc's `getMember(lastFetchedItem)`: a page of members.
  Future<List<GroupUserListItem>> getMember([GroupUserListItem? lastFetchedItem]) =>
      _inner.getMember(lastFetchedItem: lastFetchedItem);

  /// sentc's `getNonRegisteredKey(masterKeyId, key)`: opens a wrapped key.
  Future<SymKey> getNonRegisteredKey(String masterKeyId, String key) =>
      _inner.getNonRegisteredKey(masterKeyId: masterKeyId, key: key);

  /// sentc's `groupId`.
  String get groupId => _inner.groupId;

  /// sentc's `groupJoinRequest(groupId)`: this group asks to join a connected group.
  Future<void> groupJoinRequest(String groupId) =>
      _inner.groupJoinRequest(groupId: groupId);

  /// sentc's `invite(userId, rank)`: the user accepts with `accept_group_invite`.
  Future<void> invite(String userId, [PlatformInt64? rank]) =>
      _inner.invite(userId: userId, rank: rank);

  /// sentc's `inviteAuto(userId, rank)`: adds a user directly.
  Future<void> inviteAuto(String userId, [PlatformInt64? rank]) =>
      _inner.inviteAuto(userId: userId, rank: rank);

  /// sentc's `inviteGroup(groupId, rank)`: invites a group into this connected group.
  Future<void> inviteGroup(String groupId, [PlatformInt64? rank]) =>
      _inner.inviteGroup(groupId: groupId, rank: rank);

  /// sentc's `inviteGroupAuto(groupId, rank)`.
  Future<void> inviteGroupAuto(String groupId, [PlatformInt64? rank]) =>
      _inner.inviteGroupAuto(groupId: groupId, rank: rank);

  /// Whether non-members may be invited or ask to join.
  bool get invitesAllowed => _inner.invitesAllowed;

  /// Whether this is a connected group (groups can be its members).
  bool get isConnectedGroup => _inner.isConnectedGroup;

  /// The ids of the key generations this client holds, oldest first.
  List<String> get keyIds => _inner.keyIds;

  /// sentc's `keyRotation(sign)`: starts a rotation; the new generation's id.
  Future<String> keyRotation([bool sign = false]) =>
      _inner.keyRotation(sign: sign);

  /// sentc's `kickUser(userId)`.
  Future<void> kickUser(String userId) =>
      _inner.kickUser(userId: userId);

  /// sentc's `leave()`.
  Future<void> leave() =>
      _inner.leave();

  /// sentc's `newestKeyId`.
  String get newestKeyId => _inner.newestKeyId;

  /// sentc's `parentGroupId`: the parent group, if any.
  String? get parentGroupId => _inner.parentGroupId;

  /// sentc's `prepareCreateChildGroup(sign)`: the body of a child (or of a connected group
  /// with this group as member) for `Backend.create_child_group` /
  /// `Backend.create_connected_group`. No network.
  Future<String> prepareCreateChildGroup([bool sign = false]) =>
      _inner.prepareCreateChildGroup(sign: sign);

  /// sentc's `rank`: the user's rank (0 creator … 4 member).
  PlatformInt64 get rank => _inner.rank;

  /// sentc's `reInviteGroup(groupId)`.
  Future<void> reInviteGroup(String groupId) =>
      _inner.reInviteGroup(groupId: groupId);

  /// sentc's `reInviteUser(userId)`: sends a member every key again (their keys changed).
  Future<void> reInviteUser(String userId) =>
      _inner.reInviteUser(userId: userId);

  /// sentc's `registerKey()`: a new key stored on the server, wrapped by the newest group key.
  Future<SymKey> registerKey() =>
      _inner.registerKey();

  /// sentc's `rejectGroupInvite(groupId)`, as this group.
  Future<void> rejectGroupInvite(String groupId) =>
      _inner.rejectGroupInvite(groupId: groupId);

  /// sentc's `rejectJoinRequest(userId)`.
  Future<void> rejectJoinRequest(String userId) =>
      _inner.rejectJoinRequest(userId: userId);

  /// sentc's `search(data)`: the hash to look up (newest key).
  Future<String> search(String data) =>
      _inner.search(data: data);

  /// The query's hash under every key generation, newest first.
  Future<List<String>> searchAll(String data) =>
      _inner.searchAll(data: data);

  /// sentc's `sentJoinReq(lastFetchedItem)`: this group's join requests.
  Future<List<GroupInviteListItem>> sentJoinReq([GroupInviteListItem? lastFetchedItem]) =>
      _inner.sentJoinReq(lastFetchedItem: lastFetchedItem);

  /// The lowest rank that may upload and delete files in this group.
  Future<void> setFileRank(PlatformInt64 rank) =>
      _inner.setFileRank(rank: rank);

  /// Allows or stops invites and join requests (sentc's `stopInvites` is `false`).
  Future<void> setInvitesAllowed(bool allowed) =>
      _inner.setInvitesAllowed(allowed: allowed);

  /// sentc's `stopInvites()`.
  Future<void> stopInvites() =>
      _inner.stopInvites();

  /// sentc's `updateFileName(fileId, contentKey, fileName)`.
  Future<void> updateFileName(String fileId, SymKey contentKey, [String? fileName]) =>
      _inner.updateFileName(fileId: fileId, contentKey: contentKey, fileName: fileName);

  /// sentc's `updateRank(userId, newRank)`.
  Future<void> updateRank(String userId, PlatformInt64 newRank) =>
      _inner.updateRank(userId: userId, newRank: newRank);
}
