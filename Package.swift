// swift-tools-version:6.0
import PackageDescription

/// Madoguchi: the digital city hall of a Japanese municipality.
///
/// Only `WebApp` and the `madoguchi` executable import Vapor; feature modules stand on
/// FluentKit/SQLKit and `MadoguchiCore`, so they can move to Vapor 5 untouched.
let package = Package(
    name: "Madoguchi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "madoguchi", targets: ["madoguchi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.110.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.50.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.30.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "MadoguchiCore",
            dependencies: [
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Audit",
            dependencies: [
                "MadoguchiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Privacy",
            dependencies: [
                "MadoguchiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Mail",
            dependencies: [
                "MadoguchiCore", "Privacy",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Counter",
            dependencies: [
                "MadoguchiCore", "Privacy",
                .product(name: "FluentKit", package: "fluent-kit"),
            ],
            resources: [.copy("Rules")]
        ),
        // glibc's malloc_trim for the catalogue's search snapshot (Foundation's Glibc module does not export malloc.h).
        .target(name: "CSystemMemory", path: "Sources/CSystemMemory"),
        .target(
            name: "Catalog",
            dependencies: [
                "MadoguchiCore", "Privacy", "CSystemMemory",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("StandardDatasets")]
        ),
        .target(
            name: "Forms",
            dependencies: [
                "MadoguchiCore", "Privacy", "Mail",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            resources: [.copy("FormFiles")]
        ),
        .target(
            name: "Notices",
            dependencies: [
                "MadoguchiCore", "Privacy", "Mail",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(
            name: "Indicators",
            dependencies: [
                "MadoguchiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
            ]
        ),
        .target(
            name: "Surveys",
            dependencies: [
                "MadoguchiCore", "Forms", "Privacy",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "Shelters",
            dependencies: [
                "MadoguchiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "WebApp",
            dependencies: [
                "MadoguchiCore", "Audit", "Privacy", "Counter", "Catalog", "Forms", "Mail", "Notices", "Indicators", "Shelters", "Surveys",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources/Public"), .copy("Resources/OpenAPI")]
        ),
        .target(
            name: "MadoguchiTestSupport",
            dependencies: [
                "MadoguchiCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "madoguchi",
            dependencies: [
                "WebApp", "MadoguchiCore", "Audit", "Privacy", "CSystemMemory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Benchmarks (bench/*/README.md): release builds run by scripts next to them; named
        // `<module>-<what>-bench` or `<module>-bench`, in lower case.
        .executableTarget(name: "privacy-bench", dependencies: ["Privacy"], path: "bench/privacy/PrivacyBench"),
        .executableTarget(
            name: "catalog-bench",
            dependencies: ["Catalog", .product(name: "CSV", package: "CSV.swift")],
            path: "bench/catalog",
            exclude: ["requirements.txt", "run.py", "generate.py", "README.md", "SearchBench"]
        ),
        .executableTarget(
            name: "catalog-search-bench",
            dependencies: ["Catalog", "MadoguchiCore", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"),
                           .product(name: "SQLKit", package: "sql-kit")],
            path: "bench/catalog/SearchBench"
        ),
        .executableTarget(
            name: "notices-fanout-bench",
            dependencies: ["WebApp", "Notices", "Mail", "Audit", "Privacy", "MadoguchiCore", "MadoguchiTestSupport",
                           .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit")],
            path: "bench/notices/FanoutBench"
        ),
        .testTarget(name: "MadoguchiCoreTests", dependencies: ["MadoguchiCore", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "MadoguchiCore", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(
            name: "PrivacyTests",
            dependencies: ["Privacy", "MadoguchiCore", "Audit", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "FormsTests",
            dependencies: ["Forms", "Counter", "Privacy", "Audit", "Mail", "MadoguchiCore", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit")]
        ),
        .testTarget(
            name: "NoticesTests",
            dependencies: ["Notices", "Mail", "MadoguchiCore", "Audit", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit")]
        ),
        .testTarget(
            name: "SheltersTests",
            dependencies: ["Shelters", "MadoguchiCore", "Audit", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit")]
        ),
        .testTarget(name: "CounterTests", dependencies: ["Counter", "MadoguchiCore"]),
        .testTarget(
            name: "CatalogTests",
            dependencies: ["Catalog", "MadoguchiCore", "Audit", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"),
                           .product(name: "SQLKit", package: "sql-kit"), .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["python"]
        ),
        .testTarget(
            name: "IndicatorsTests",
            dependencies: ["Indicators", "Forms", "Counter", "Catalog", "Privacy", "Audit", "Mail", "Surveys", "MadoguchiCore", "MadoguchiTestSupport",
                           .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit")]
        ),
        .testTarget(
            name: "SurveysTests",
            dependencies: ["Surveys", "Indicators", "Audit", "MadoguchiCore", "MadoguchiTestSupport", .product(name: "FluentKit", package: "fluent-kit"),
                           .product(name: "SQLKit", package: "sql-kit")]
        ),
        .testTarget(
            name: "WebAppTests",
            dependencies: [
                "WebApp", "MadoguchiCore", "Audit", "Privacy", "Counter", "Catalog", "Forms", "Mail", "Notices", "Indicators", "Shelters", "Surveys", "MadoguchiTestSupport",
                .product(name: "XCTVapor", package: "vapor"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["python"]
        ),
    ]
)
