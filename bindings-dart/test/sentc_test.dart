// The SDK through Dart against the real server: what the bridge's Rust tests cover below the
// bridge, here through flutter_rust_bridge, package:http and the Dart wrappers. Runs only on a
// machine with Flutter (tool/flutter-test.sh starts the server and sets SENTC_URL and
// SENTC_TOKEN).
import 'dart:io';

import 'package:flutter_test/flutter_test.dart';
import 'package:sentc/sentc.dart';

class MemoryStorage implements StorageInterface {
  final values = <String, String>{};

  @override
  Future<void> init() async {}

  @override
  Future<String?> getItem(String key) async => values[key];

  @override
  Future<void> set(String key, String item) async => values[key] = item;

  @override
  Future<void> delete(String key) async => values.remove(key);
}

void main() {
  final url = Platform.environment['SENTC_URL']!;
  final token = Platform.environment['SENTC_TOKEN']!;
  final suffix = DateTime.now().microsecondsSinceEpoch;

  setUpAll(() async {
    expect(await Sentc.init(baseUrl: url, appToken: token, storage: MemoryStorage()), isNull);
  });

  test('two users share a group, its data and a file', () async {
    await Sentc.register('alice-$suffix', 'a long password');
    await Sentc.register('bob-$suffix', 'a long password');
    final bob = (await Sentc.login('bob-$suffix', 'a long password')).user!;
    final alice = (await Sentc.login('alice-$suffix', 'a long password')).user!;
    expect((await Sentc.getActualUser())!.userId, alice.userId);

    final group = await alice.getGroup(await alice.createGroup());
    await group.inviteAuto(bob.userId);
    final item = await group.encryptString('hello bob', true);
    final bobsGroup = await bob.getGroup(group.groupId);
    expect(await bobsGroup.decryptStringVerified(item, alice.userId), 'hello bob');

    final reports = <int>[];
    final created = await group.createFileWithBytes([1, 2, 3], 'a.bin', false, (done) {
      reports.add(done);
      return true;
    });
    expect(reports.last, 3);
    final downloaded = await bobsGroup.downloadFileBytes(created.fileId);
    expect(downloaded.data, [1, 2, 3]);

    final key = await group.registerKey();
    final fetched = await bobsGroup.fetchKey(key.keyId, key.masterKeyId);
    expect(await fetched.decryptString(await key.encryptString('sym')), 'sym');
  });

  test('errors carry their code, name and area', () async {
    try {
      await Sentc.login('nobody-$suffix', 'a long password');
      fail('the login succeeded');
    } on SentcError catch (error) {
      expect(error.codeName, 'LoginFailed');
      expect(error.area, 'user');
      expect(error.code, greaterThan(0));
    }
  });
}
