// swift-tools-version:6.0
import PackageDescription

// Layout: C system libraries are walled off in CCairo/CPango/CQREncode/CCurl/…; ECertRender is the only
// module that imports them. ECertCore is pure Swift (no C). The `ecert` executable holds only
// ArgumentParser commands.
let package = Package(
    name: "ecert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ecert", targets: ["ecert"]),
        .library(name: "ECertCore", targets: ["ECertCore"]),
        .library(name: "ECertRender", targets: ["ECertRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // PAdES: X.509 certificates and chain validation, DER for the CMS signature.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Already required by Hummingbird; named so ECertApp may import them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo-pdf",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .systemLibrary(
            name: "CPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CRSVG",
            pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev"])]
        ),
        .systemLibrary(
            name: "CZBar",
            pkgConfig: "zbar",
            providers: [.apt(["libzbar-dev"])]
        ),
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        .systemLibrary(
            name: "CGdkPixbuf",
            pkgConfig: "gdk-pixbuf-2.0",
            providers: [.apt(["libgdk-pixbuf-2.0-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "ECertCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // RSA/PBKDF2: PAdES signing and the self-service lookup index (Site/LookupIndex.swift).
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "ECertRender",
            dependencies: ["CCairo", "CPango", "CQREncode", "CRSVG", "CZBar", "CPoppler", "CGdkPixbuf", "CCurl", "ECertCore"]
        ),
        // The local web app (`ecert app`): HTTP routes and safety checks over ECertCore/ECertRender.
        .target(
            name: "ECertApp",
            dependencies: [
                "ECertCore", "ECertRender",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ecert",
            dependencies: [
                "ECertCore", "ECertRender", "ECertApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets (make fuzz); a normal build makes a replayer of crash files.
        .executableTarget(
            name: "ecert-fuzz",
            dependencies: ["ECertCore", "ECertRender"]
        ),
        .testTarget(
            name: "ECertCoreTests",
            dependencies: ["ECertCore", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "ECertRenderTests",
            dependencies: ["ECertRender", "ECertCore"]
        ),
        .testTarget(
            name: "ECertEndToEndTests",
            dependencies: ["ecert", "ECertCore", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"]
        ),
    ]
)
