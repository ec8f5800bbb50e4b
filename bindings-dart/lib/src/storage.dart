part of '../sentc.dart';

/// sentc's `StorageInterface`: where the SDK keeps the logged-in user's session. The values hold
/// the user's keys: keep them in protected storage.
abstract class StorageInterface {
  /// Opens the storage (called by `Sentc.init`).
  Future<void> init();

  /// The value under `key`, if any.
  Future<String?> getItem(String key);

  /// Stores `item` under `key`.
  Future<void> set(String key, String item);

  /// Removes `key`.
  Future<void> delete(String key);
}

/// The default storage: `flutter_secure_storage` (the Keychain on iOS and macOS, the Keystore
/// on Android, libsecret on Linux, DPAPI on Windows). On the web it is local storage encrypted
/// under a key kept beside it: no protection from scripts of the same origin.
class SecureStorage implements StorageInterface {
  /// Over `storage`, or a default `FlutterSecureStorage`.
  SecureStorage([FlutterSecureStorage? storage]) : _storage = storage ?? const FlutterSecureStorage();

  final FlutterSecureStorage _storage;

  @override
  Future<void> init() async {}

  @override
  Future<String?> getItem(String key) => _storage.read(key: key);

  @override
  Future<void> set(String key, String item) => _storage.write(key: key, value: item);

  @override
  Future<void> delete(String key) => _storage.delete(key: key);
}
