part of '../sentc.dart';

/// Sends the SDK's HTTP requests. Return every answer the server gives, whatever its status
/// (the SDK reads sentc's error body); throw only when no answer came (`10001 TransportFailed`).
abstract class SentcHttpClient {
  /// Sends one request.
  Future<HostResponse> send(HostRequest request);
}

/// The default client: `package:http` (no C toolchain in a mobile build: TLS is the platform's).
class PackageHttpClient implements SentcHttpClient {
  /// Over `client`, or a new `http.Client`.
  PackageHttpClient([http.Client? client]) : _client = client ?? http.Client();

  final http.Client _client;

  @override
  Future<HostResponse> send(HostRequest request) async {
    final outgoing = http.Request(request.method.name.toUpperCase(), Uri.parse(request.url));
    for (final header in request.headers) {
      outgoing.headers[header.name] = header.value;
    }
    final body = request.body;
    if (body != null) {
      outgoing.bodyBytes = body;
    }
    final response = await http.Response.fromStream(await _client.send(outgoing));
    return HostResponse(status: response.statusCode, body: response.bodyBytes);
  }
}
