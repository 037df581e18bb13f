// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "KhaoSat",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "khaosat", targets: ["khaosat"]),
        .executable(name: "khaosat-portal", targets: ["khaosat-portal"]),
    ],
    // Every package exactly, the ones the targets name and the ones they bring, so that an
    // auditor's rebuild is the same program (Package.resolved is not kept in git). `Version.dependencies`
    // repeats this list for `--version` and each run's manifest; PinnedDependenciesTests keeps the two equal.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        // .xlsx workbooks are ZIP archives of XML parts (tests write them).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The portal only (khaosat-portal): HTTP, sessions and bcrypt, SQLite storage, templates.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        // Brought by the packages above, pinned here too.
        .package(url: "https://github.com/apple/swift-algorithms", exact: "1.2.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-async-algorithms", exact: "1.1.4"),
        .package(url: "https://github.com/apple/swift-atomics", exact: "1.3.0"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-http-structured-headers", exact: "1.7.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-http2", exact: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-transport-services", exact: "1.28.0"),
        .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
        .package(url: "https://github.com/apple/swift-service-context", exact: "1.5.1"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64", exact: "1.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // Debian's libcsv-dev ships csv.h and libcsv.so but no pkg-config file.
        .systemLibrary(
            name: "CLibCSV",
            path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // Debian's libreadstat-dev: SPSS .sav/.zsav.
        .systemLibrary(
            name: "CReadStat",
            path: "Sources/CReadStat",
            providers: [.apt(["libreadstat-dev"])]
        ),
        // zlib (zlib1g-dev): raw inflate for KhaoSatXLSX's ZIP reader.
        .systemLibrary(
            name: "CZlibInflate",
            path: "Sources/CZlibInflate",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Debian's libxlsxwriter-dev: formatted Excel workbooks for people (content3.xlsx, a unit's dossier).
        .systemLibrary(
            name: "CXlsxWriter",
            path: "Sources/CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // read: bytes → records (encoding, dialect, libcsv) and the matching writer.
        .target(name: "KhaoSatCSV", dependencies: ["CLibCSV"]),
        // read: ZIP archives and .xlsx workbooks → rows of cell text, sheet by sheet, streamed.
        .target(name: "KhaoSatXLSX", dependencies: ["KhaoSatCSV", "CZlibInflate"]),
        // read: SPSS .sav/.zsav → variables and cases as text (ReadStat).
        .target(name: "KhaoSatSPSS", dependencies: ["CReadStat", "KhaoSatCSV"]),
        // definitions: XLSForm questionnaires, unit registry, Content 3 blueprint, `check`.
        .target(name: "KhaoSatQuestionnaire", dependencies: ["KhaoSatCSV", "KhaoSatXLSX"]),
        // convert: the rule (what an answer earns, Content3Rule) and submissions → points per unit (pure).
        .target(name: "KhaoSatConvert", dependencies: ["KhaoSatCSV", "KhaoSatQuestionnaire"]),
        // read + validate: contractor files → submissions (the rule's input), or rows set aside with a reason.
        .target(
            name: "KhaoSatIngest",
            dependencies: ["KhaoSatCSV", "KhaoSatXLSX", "KhaoSatSPSS", "KhaoSatQuestionnaire", "KhaoSatConvert",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // rank: the decision's levels, quota and ranking from all six contents (pure).
        .target(name: "KhaoSatRank", dependencies: ["KhaoSatQuestionnaire", "KhaoSatCSV"]),
        // export: the run's files (CSV contract, JSON with manifest and SHA-256), written atomically.
        .target(
            name: "KhaoSatExport",
            dependencies: ["KhaoSatConvert", "KhaoSatIngest", "KhaoSatQuality", "KhaoSatCSV"],
            // The JSON Schemas of content3.json and ranking.json: the contract, read by the tests and scoring cores.
            exclude: ["Schemas"]
        ),
        // quality: the high-frequency checks and the back-checks (phúc tra) over accepted submissions (pure).
        .target(name: "KhaoSatQuality", dependencies: ["KhaoSatConvert", "KhaoSatQuestionnaire", "KhaoSatCSV"]),
        // pipeline: one run, read → validate → tally → convert → the run's files.
        .target(name: "KhaoSatPipeline", dependencies: ["KhaoSatIngest", "KhaoSatConvert", "KhaoSatQuality", "KhaoSatExport", "KhaoSatQuestionnaire",
                                                       "KhaoSatXLSX"]),
        // export for people: tables → a formatted .xlsx (libxlsxwriter), kept out of the core's build.
        .target(name: "KhaoSatSpreadsheet", dependencies: ["CXlsxWriter", "KhaoSatCSV"]),
        // report: ranking.json, one self-contained HTML page and the workbook from a finished run.
        .target(name: "KhaoSatReport", dependencies: ["KhaoSatExport", "KhaoSatRank", "KhaoSatConvert", "KhaoSatQuestionnaire", "KhaoSatCSV",
                                                      "KhaoSatSpreadsheet"]),
        .executableTarget(
            name: "khaosat",
            dependencies: [
                "KhaoSatCSV",
                "KhaoSatQuestionnaire",
                "KhaoSatIngest",
                "KhaoSatConvert",
                "KhaoSatExport",
                "KhaoSatPipeline",
                "KhaoSatQuality",
                "KhaoSatRank",
                "KhaoSatReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // portal: storage (GRDB), accounts (bcrypt), uploads; the HTTP front is khaosat-portal.
        .target(
            name: "KhaoSatPortal",
            dependencies: [
                "KhaoSatExport", "KhaoSatPipeline", "KhaoSatIngest", "KhaoSatConvert", "KhaoSatQuality", "KhaoSatQuestionnaire",
                "KhaoSatCSV", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // portal over HTTP: pages (Mustache) and the JSON API, on Hummingbird 2.
        .target(
            name: "KhaoSatPortalServer",
            dependencies: [
                "KhaoSatPortal", "KhaoSatExport", "KhaoSatConvert", "KhaoSatIngest", "KhaoSatQuestionnaire", "KhaoSatCSV", "KhaoSatQuality",
                "KhaoSatReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Templates")]
        ),
        .executableTarget(
            name: "khaosat-portal",
            dependencies: [
                "KhaoSatPortal", "KhaoSatPortalServer", "KhaoSatQuestionnaire", "KhaoSatCSV", "KhaoSatExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // What the test targets share: the repository's root, the shipped set, the fixtures.
        .target(name: "KhaoSatTestSupport", dependencies: ["KhaoSatQuestionnaire", "KhaoSatCSV"], path: "Tests/KhaoSatTestSupport"),
        .testTarget(name: "KhaoSatCSVTests", dependencies: ["KhaoSatTestSupport", "KhaoSatCSV"]),
        .testTarget(name: "KhaoSatXLSXTests", dependencies: ["KhaoSatTestSupport", "KhaoSatXLSX",
                                                             .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "KhaoSatQuestionnaireTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatQuestionnaire", "KhaoSatCSV"]
        ),
        .testTarget(
            name: "KhaoSatIngestTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatIngest", "KhaoSatConvert", "KhaoSatQuestionnaire", "KhaoSatCSV",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "KhaoSatExportTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatExport", "KhaoSatPipeline", "KhaoSatConvert", "KhaoSatIngest", "KhaoSatQuestionnaire", "KhaoSatCSV",
                           "KhaoSatQuality", "KhaoSatXLSX"]
        ),
        .testTarget(
            name: "KhaoSatReportTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatReport", "KhaoSatRank", "KhaoSatExport", "KhaoSatPipeline", "KhaoSatIngest", "KhaoSatQuestionnaire",
                           "KhaoSatXLSX", "KhaoSatCSV"]
        ),
        .testTarget(
            name: "KhaoSatPortalTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatPortal", "KhaoSatQuestionnaire", "KhaoSatExport", "KhaoSatPipeline", "KhaoSatIngest", "KhaoSatConvert",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "KhaoSatPortalServerTests",
            dependencies: [
                "KhaoSatTestSupport", "KhaoSatPortalServer", "KhaoSatPortal", "KhaoSatQuestionnaire", "KhaoSatExport", "KhaoSatPipeline", "KhaoSatIngest",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The built executables run as users run them (exit codes, stdout, stderr).
        .testTarget(name: "KhaoSatCommandTests", dependencies: ["KhaoSatTestSupport"]),
        .testTarget(
            name: "KhaoSatQualityTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatQuality", "KhaoSatPipeline", "KhaoSatExport", "KhaoSatIngest",
                           "KhaoSatConvert", "KhaoSatQuestionnaire", "KhaoSatCSV", "KhaoSatXLSX"]
        ),
        .testTarget(name: "KhaoSatRankTests", dependencies: ["KhaoSatTestSupport", "KhaoSatRank", "KhaoSatQuestionnaire"]),
        .testTarget(
            name: "KhaoSatConvertTests",
            dependencies: ["KhaoSatTestSupport", "KhaoSatConvert", "KhaoSatIngest", "KhaoSatQuestionnaire"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
