// The Swift quickstart: two users share an encrypted message through a group. Needs a Mac with
// the XCFramework (swift/build-xcframework.sh); on Linux scripts/uniffi-swift.sh only parses it.
import Foundation
import Sentc

/// A transport on URLSession: iOS apps have no native-http build (its TLS needs C code).
final class URLSessionTransport: HostTransport {
    func send(request: HostRequest) async throws -> HostResponse {
        var urlRequest = URLRequest(url: URL(string: request.url)!)
        urlRequest.httpMethod = "\(request.method)".uppercased()
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.httpBody = request.body
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return HostResponse(status: UInt16(status), body: data)
    }
}

@main
struct Quickstart {
    static func main() async throws {
        let sdk = try Sentc(
            options: SentcOptions(baseUrl: "http://127.0.0.1:8080", appToken: "your public token"),
            transport: URLSessionTransport()
        )
        func user(_ name: String) async throws -> User {
            _ = try await sdk.register(identifier: name, password: "a long password")
            guard case let .user(user) = try await sdk.login(identifier: name, password: "a long password") else {
                fatalError("a second factor is needed")
            }
            return user
        }
        let alice = try await user("alice")
        let bob = try await user("bob")
        let group = try await alice.getGroup(groupId: try await alice.createGroup(sign: true))
        try await group.inviteAuto(userId: try bob.userId())
        let bobsGroup = try await bob.getGroup(groupId: try group.groupId())
        let secret = try group.encryptString(text: "meet at noon", sign: true)
        print("bob reads:", try await bobsGroup.decryptStringVerified(text: secret, userId: try alice.userId()))
        do {
            _ = try bobsGroup.decryptString(text: String(secret.dropLast(8)))
        } catch let SentcError.Failed(code, codeName, _, _, _) {
            print("a changed item:", code, codeName)
        }
    }
}
