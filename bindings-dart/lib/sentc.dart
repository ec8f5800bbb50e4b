/// sentc for Flutter: end-to-end encryption with user and group management, post-quantum by
/// default. `Sentc.init(...)`, then `Sentc.register`, `Sentc.login`, `User`, `Group`, as in
/// sentc's Flutter SDK; the work is done by the sentc Rust core through flutter_rust_bridge.
///
/// The classes here only hand arguments over: `Sentc` keeps the one client, `User` and `Group`
/// give the bridge's methods sentc's argument order, `StorageInterface` and `SentcHttpClient`
/// are what an app may supply. Everything else is generated (`src/rust/`).
library;

import 'dart:async';
import 'dart:typed_data';

import 'package:flutter_rust_bridge/flutter_rust_bridge_for_generated.dart' show PlatformInt64;
import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:http/http.dart' as http;

import 'src/rust/api/client.dart';
import 'src/rust/api/files.dart';
import 'src/rust/api/group.dart' as rust_group;
import 'src/rust/api/host.dart';
import 'src/rust/api/records.dart';
import 'src/rust/api/sym_key.dart';
import 'src/rust/api/user.dart' as rust_user;
import 'src/rust/frb_generated.dart';

export 'src/rust/api/backend.dart' show Backend;
export 'src/rust/api/client.dart' show MfaStep, SentcOptions;
export 'src/rust/api/error.dart' show SentcError;
export 'src/rust/api/files.dart'
    show DownloadBytesResult, DownloadResult, FileCreateOutput, FileMetaInformation, FileMetaWithKey;
export 'src/rust/api/host.dart'
    show HostRequest, HostResponse, HttpHeader, HttpMethod, SentcStore, SentcTransport;
export 'src/rust/api/records.dart';
export 'src/rust/api/sym_key.dart' show NonRegisteredKey, SymKey;

part 'src/group.dart';
part 'src/sentc.dart';
part 'src/storage.dart';
part 'src/transport.dart';
part 'src/user.dart';

/// A file transfer's progress for the bridge: `report` gets the bytes done after each part and
/// answers whether to go on.
FileProgress? _progress(FutureOr<bool> Function(int done)? report) =>
    report == null ? null : FileProgress.dart(report: (done) => report(done.toInt()));
