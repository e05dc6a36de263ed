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
            ]
        ),
        .target(
            name: "ECertRender",
            dependencies: ["CCairo", "CPango", "CQREncode", "CRSVG", "CZBar", "CPoppler", "CGdkPixbuf", "CCurl", "ECertCore"]
        ),
        .executableTarget(
            name: "ecert",
            dependencies: [
                "ECertCore", "ECertRender",
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
