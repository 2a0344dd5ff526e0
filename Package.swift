// swift-tools-version: 6.1
// conflictmap — conflict reporting to verified map data.
// Targets follow ../shared/docs/DESIGN.md: one direction, no loops; only
// GeometryEngine imports CGEOS and only Geodesy imports CPROJ.
import PackageDescription

let package = Package(
    name: "conflictmap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "conflictmap", targets: ["conflictmap"]),
        .library(name: "ConflictMapKit", targets: ["ConflictMapKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"]), .brew(["proj"])]
        ),
        .target(name: "GeoCore"),
        .target(name: "Geodesy", dependencies: ["CPROJ", "GeoCore"]),
        .target(name: "GeometryEngine", dependencies: ["CGEOS", "GeoCore", "Geodesy"]),
        .target(name: "GeoJSON", dependencies: ["GeoCore"]),
        .target(name: "TextAnalysis", resources: [.copy("Resources")]),
        .target(
            name: "GeoDataBundle",
            path: "GeoData",
            exclude: ["README.md", "scripts", "examples"],
            sources: ["GeoDataBundle.swift"],
            resources: [.copy("data")]
        ),
        .target(
            name: "Gazetteer",
            dependencies: ["GeoCore", "GeoJSON", "GeometryEngine", "Geodesy", "TextAnalysis", "GeoDataBundle"]
        ),
        .target(name: "Resolution", dependencies: ["Gazetteer", "TextAnalysis", "GeoCore", "Geodesy"]),
        .target(
            name: "Claims",
            dependencies: ["Resolution", "Gazetteer", "TextAnalysis", "GeometryEngine", "Geodesy", "GeoCore"]
        ),
        .target(
            name: "ConflictMapKit",
            dependencies: [
                "GeoCore", "Geodesy", "GeometryEngine", "GeoJSON", "TextAnalysis", "Gazetteer",
                "Resolution", "Claims",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "conflictmap",
            dependencies: [
                "ConflictMapKit", "Gazetteer", "GeoJSON", "GeometryEngine", "Resolution", "Claims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "cmbench",
            dependencies: ["ConflictMapKit", "Gazetteer", "Resolution", "TextAnalysis"],
            path: "Benchmarks/cmbench"
        ),
        .target(name: "TestSupport", dependencies: ["GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "TestSupport"]),
        .testTarget(name: "GeodesyTests", dependencies: ["Geodesy", "GeoCore", "TestSupport"]),
        .testTarget(name: "GeometryEngineTests", dependencies: ["GeometryEngine", "Geodesy", "GeoCore", "TestSupport"]),
        .testTarget(name: "GeoJSONTests", dependencies: ["GeoJSON", "GeoCore", "TestSupport"]),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis", "TestSupport"]),
        .testTarget(name: "GazetteerTests", dependencies: ["Gazetteer", "TextAnalysis", "GeoCore", "TestSupport"]),
        .testTarget(name: "ResolutionTests", dependencies: ["Resolution", "Gazetteer", "TestSupport"]),
        .testTarget(name: "ClaimsTests", dependencies: ["Claims", "Resolution", "Gazetteer", "TestSupport"]),
        .testTarget(name: "ConflictMapKitTests", dependencies: ["ConflictMapKit", "GeoJSON", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
