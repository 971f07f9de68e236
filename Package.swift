// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "culprit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "culprit", targets: ["culprit"]),
        .library(name: "CrashReport", targets: ["CrashReport"]),
        .library(name: "VCS", targets: ["VCS"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "BisectCore", targets: ["BisectCore"]),
        .library(name: "Bisect", targets: ["Bisect"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Plain Codable, Sendable values: job spec, results, events, errors. Depends on nothing.
        .target(name: "Model", swiftSettings: strict),
        // The pure decision core: evidence -> next revision / conclusion. No git, no processes.
        .target(name: "BisectCore", dependencies: ["Model"], swiftSettings: strict),
        // The process guard (C, runs before any Swift code in a guard process): keeps every
        // descendant of a build or test command and ends them all with it or with Culprit.
        .target(name: "CProcessGuard"),
        // Shared plumbing: running processes (with timeouts and process groups), errors, paths.
        .target(
            name: "Support",
            dependencies: ["Model", "CProcessGuard", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        // Console text -> crash reports.
        .target(name: "CrashReport", swiftSettings: strict),
        // git: worktrees, revisions, commit graph, tags, metadata, MAINTAINERS.
        .target(name: "VCS", dependencies: ["Model", "Support"], swiftSettings: strict),
        // Revision -> build artifact (generic command; kernel make).
        .target(
            name: "Build", dependencies: ["Model", "Support", "VCS"], resources: [.copy("KernelFixes")],
            swiftSettings: strict),
        // Artifact -> N reproducer runs (generic command; QEMU VMs).
        .target(name: "Instance", dependencies: ["Model", "Support", "CrashReport"], swiftSettings: strict),
        // The email-ready report of a finished bisection, from a Mustache template.
        .target(
            name: "ReportEmail",
            dependencies: ["Model", "Support", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates")], swiftSettings: strict),
        // The engine: choose revisions, decide verdicts, keep state, produce the result.
        .target(
            name: "Bisect",
            dependencies: [
                "Model", "BisectCore", "Support", "CrashReport", "VCS", "Build", "Instance", "ReportEmail",
            ],
            swiftSettings: strict
        ),
        // One job's settings: YAML job files, command-line settings, the backend they name, and
        // running the job with the console log (the syzbot-like text on a terminal).
        .target(
            name: "JobConfig",
            dependencies: [
                "Model", "Support", "VCS", "Build", "Instance", "Bisect", "ReportEmail",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The lab: the demo project generator (`culprit demo`) and the simulator (`culprit simulate`),
        // which drive the engine and the decision core from the outside.
        .target(
            name: "Lab", dependencies: ["Model", "BisectCore", "Support", "JobConfig", "CommandBackend"],
            resources: [.copy("Demo/kvcache")], swiftSettings: strict),
        // The generic backend: shell commands build and test a revision.
        .target(
            name: "CommandBackend", dependencies: ["Model", "Support", "Build", "Instance", "JobConfig"],
            swiftSettings: strict),
        // The Linux kernel backend: the `kernel:` section, bug directories, make builds, QEMU tests.
        .target(
            name: "KernelBackend",
            dependencies: [
                "Model", "Support", "VCS", "Build", "Instance", "Bisect", "JobConfig",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        // The backends Culprit ships, registered in one place (`BackendRegistry.registerBuiltIn`).
        .target(name: "Backends", dependencies: ["JobConfig", "CommandBackend", "KernelBackend"], swiftSettings: strict),
        // The HTML pages of a job and the job list: one page model, one chart, one template set
        // (resources) for the self-contained `--html` page and the service dashboard.
        .target(
            name: "JobPage",
            dependencies: ["Model", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources/templates")],
            swiftSettings: strict
        ),
        // The job store: one schema and query layer (SQLKit) over SQLite and PostgreSQL.
        .target(
            name: "Store",
            dependencies: [
                "Model",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Workers: claim jobs from the store, run them with the engine, record events and results.
        .target(
            name: "Worker",
            dependencies: [
                "Model", "Support", "VCS", "Bisect", "JobConfig", "Store",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The dashboard: a stored job as a page (JobPage's templates), the job list, the live script.
        .target(
            name: "Dashboard",
            dependencies: ["Model", "Store", "JobPage", "ReportEmail"],
            resources: [.copy("Resources/dashboard.js")],
            swiftSettings: strict
        ),
        // `culprit serve`: the HTTP API, SSE, dashboard, metrics (Hummingbird).
        .target(
            name: "Server",
            dependencies: [
                "Model", "Store", "Worker", "Dashboard", "JobPage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "culprit",
            dependencies: [
                "Model", "Support", "CrashReport", "VCS", "Build", "Instance", "Bisect", "JobConfig", "CommandBackend", "KernelBackend", "Backends", "ReportEmail", "JobPage", "Lab",
                "Store", "Worker", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What the test targets share: git repositories, the package root, temporary directories.
        .target(name: "TestSupport", dependencies: ["Model", "Support"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Model"], swiftSettings: strict),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "TestSupport",
                "Model", "Store", "Worker", "Server", "Dashboard", "JobPage", "Support", "JobConfig", "Backends",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ModelTests", dependencies: ["Model"], swiftSettings: strict),
        .testTarget(name: "SupportTests", dependencies: ["TestSupport", "Model", "Support"], swiftSettings: strict),
        .testTarget(name: "CrashReportTests", dependencies: ["TestSupport", "CrashReport", "Support"], swiftSettings: strict),
        .testTarget(name: "VCSTests", dependencies: ["TestSupport", "Model", "VCS", "Support"], swiftSettings: strict),
        .testTarget(name: "BuildTests", dependencies: ["TestSupport", "Model", "Build", "Support"], swiftSettings: strict),
        .testTarget(
            name: "InstanceTests", dependencies: ["TestSupport", "Model", "Instance", "Build", "Support", "CrashReport"],
            swiftSettings: strict),
        .testTarget(
            name: "BisectTests",
            dependencies: [
                "TestSupport",
                "Model", "BisectCore", "Bisect", "JobConfig", "VCS", "Build", "Instance", "CrashReport", "Support",
                "ReportEmail", "JobPage", "Lab", "CommandBackend", "KernelBackend", "Backends",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "JobConfigTests",
            dependencies: [
                "TestSupport",
                "Model", "JobConfig", "Bisect", "Build", "Instance", "Support", "CommandBackend", "KernelBackend", "Backends",
            ],
            swiftSettings: strict),
    ]
)
