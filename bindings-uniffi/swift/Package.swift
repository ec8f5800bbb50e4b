// swift-tools-version:5.9
// The Swift package of sentc: the generated bindings (Sources/Sentc) over the Rust library in
// SentcFFI.xcframework, which build-xcframework.sh builds on a Mac with Xcode.
import PackageDescription

let package = Package(
    name: "Sentc",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: "Sentc", targets: ["Sentc"])],
    targets: [
        .binaryTarget(name: "SentcFFI", path: "SentcFFI.xcframework"),
        .target(name: "Sentc", dependencies: ["SentcFFI"], path: "Sources/Sentc"),
    ]
)
