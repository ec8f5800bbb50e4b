// The sentc Flutter example: two users share an encrypted note through a group. Run it on a
// machine with Flutter (bindings-dart/README.md): it needs a sentc server (`cargo run -p
// sentc-server -- --dev` prints a public token) and the native library built for the platform.
import 'package:flutter/material.dart';
import 'package:sentc/sentc.dart';

const serverUrl = String.fromEnvironment('SENTC_URL', defaultValue: 'http://127.0.0.1:8080');
const appToken = String.fromEnvironment('SENTC_TOKEN');

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  await Sentc.init(baseUrl: serverUrl, appToken: appToken);
  runApp(const ExampleApp());
}

class ExampleApp extends StatelessWidget {
  const ExampleApp({super.key});

  @override
  Widget build(BuildContext context) {
    return MaterialApp(
      title: 'sentc example',
      home: Scaffold(
        appBar: AppBar(title: const Text('sentc example')),
        body: const Center(child: SharedNote()),
      ),
    );
  }
}

class SharedNote extends StatefulWidget {
  const SharedNote({super.key});

  @override
  State<SharedNote> createState() => _SharedNoteState();
}

class _SharedNoteState extends State<SharedNote> {
  String _status = 'press the button';

  Future<void> _run() async {
    final suffix = DateTime.now().millisecondsSinceEpoch;
    try {
      await Sentc.register('alice-$suffix', 'a long password');
      await Sentc.register('bob-$suffix', 'a long password');
      final bob = (await Sentc.login('bob-$suffix', 'a long password')).user!;
      final alice = (await Sentc.login('alice-$suffix', 'a long password')).user!;

      final group = await alice.getGroup(await alice.createGroup());
      await group.inviteAuto(bob.userId);
      final note = await group.encryptString('the launch is on friday', true);

      final bobsGroup = await bob.getGroup(group.groupId);
      final text = await bobsGroup.decryptStringVerified(note, alice.userId);
      setState(() => _status = 'bob read: $text');
    } on SentcError catch (error) {
      setState(() => _status = 'sentc error ${error.code} ${error.codeName}: ${error.detail}');
    }
  }

  @override
  Widget build(BuildContext context) {
    return Column(
      mainAxisSize: MainAxisSize.min,
      children: [
        Text(_status),
        const SizedBox(height: 16),
        ElevatedButton(onPressed: _run, child: const Text('share a note')),
      ],
    );
  }
}
