// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "KhaoSat",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "khaosat", targets: ["khaosat"]),
        .library(name: "KhaoSatCSV", targets: ["KhaoSatCSV"]),
        .library(name: "KhaoSatQuestionnaire", targets: ["KhaoSatQuestionnaire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Debian's libcsv-dev ships csv.h and libcsv.so but no pkg-config file.
        .systemLibrary(
            name: "CLibCSV",
            path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // read: bytes → records (encoding, dialect, libcsv) and the matching writer.
        .target(name: "KhaoSatCSV", dependencies: ["CLibCSV"]),
        // definitions: XLSForm questionnaires, unit registry, Content 3 blueprint, `check`.
        .target(name: "KhaoSatQuestionnaire", dependencies: ["KhaoSatCSV"]),
        .executableTarget(
            name: "khaosat",
            dependencies: [
                "KhaoSatCSV",
                "KhaoSatQuestionnaire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KhaoSatCSVTests", dependencies: ["KhaoSatCSV"]),
        .testTarget(
            name: "KhaoSatQuestionnaireTests",
            dependencies: ["KhaoSatQuestionnaire", "KhaoSatCSV"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
