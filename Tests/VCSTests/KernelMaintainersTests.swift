import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import VCS

/// The kernel's MAINTAINERS file (and get_maintainer.pl) from Debian's linux-source-6.1 package,
/// extracted once into a cache directory under the temporary directory.
enum KernelSource {
    static let tarball = "/usr/src/linux-source-6.1.tar.xz"
    static let available = FileManager.default.fileExists(atPath: tarball)
    static let skipMessage = "needs \(tarball): apt-get install linux-source-6.1"
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-linux-6.1-maintainers-v2")
        .path

    /// The directory holding `MAINTAINERS`, `.mailmap` and `scripts/get_maintainer.pl`.
    static func directory() async throws -> String { try await extraction.value }

    /// One extraction per test process, shared by the tests that need it.
    private static let extraction = Task<String, any Error> { try await extract() }

    private static func extract() async throws -> String {
        let top = cache + "/linux-source-6.1"
        if FileManager.default.fileExists(atPath: top + "/.mailmap") { return top }
        let scratch = cache + ".\(getpid()).\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let r = try await ProcessRunner.run(
            "tar",
            [
                "-xJf", tarball, "-C", scratch, "linux-source-6.1/MAINTAINERS",
                "linux-source-6.1/scripts/get_maintainer.pl", "linux-source-6.1/.mailmap",
            ])
        guard r.succeeded else { throw CulpritError.infrastructure("tar: \(r.tail())") }
        // Another test process may have won the race; either copy is the same.
        try? FileManager.default.moveItem(atPath: scratch, toPath: cache)
        return top
    }
}

@Suite(.enabled(if: KernelSource.available, Comment(rawValue: KernelSource.skipMessage)))
struct KernelMaintainersTests {
    /// A repository holding the kernel's MAINTAINERS and one commit shaped like the culprit of
    /// seed 000 (net/tls plus its documentation).
    @Test func tlsFixWithDocumentationBringsTlsNetdevAndDocsPeople() async throws {
        let kernel = try await KernelSource.directory()
        let f = try await GitRepository()
        try FileManager.default.copyItem(atPath: kernel + "/MAINTAINERS", toPath: f.path + "/MAINTAINERS")
        try FileManager.default.copyItem(atPath: kernel + "/.mailmap", toPath: f.path + "/.mailmap")
        try await f.commit(
            "import",
            ["MAINTAINERS": f.read("MAINTAINERS"), ".mailmap": f.read(".mailmap"), "net/tls/tls_main.c": "0\n"])
        let message = """
            net/tls: fix transition through disconnect with close

            Fixes: 3c4d7559159bf ("tls: kernel TLS support")
            Reported-by: Eric Dumazet <edumazet@google.com>
            Signed-off-by: John Fastabend <john.fastabend@gmail.com>
            Signed-off-by: Jakub Kicinski <jakub.kicinski@netronome.com>
            Signed-off-by: Daniel Borkmann <daniel@iogearbox.net>
            """
        try await f.commit(
            message,
            [
                "net/tls/tls_main.c": "1\n", "include/net/tls.h": "h\n",
                "Documentation/networking/tls-offload.rst": "doc\n",
            ], author: "John Fastabend <john.fastabend@gmail.com>")
        let r = try await Repository(path: f.path).recipients(for: "HEAD")
        let to = r.to.map(\.email)
        let cc = r.cc.map(\.email)
        #expect(to.first == "john.fastabend@gmail.com")
        for tls in ["borisp@nvidia.com", "kuba@kernel.org", "corbet@lwn.net", "davem@davemloft.net"] {
            #expect(to.contains(tls), "\(tls) missing from to: \(to)")
        }
        for list in ["netdev@vger.kernel.org", "linux-doc@vger.kernel.org", "linux-kernel@vger.kernel.org"] {
            #expect(cc.contains(list), "\(list) missing from cc: \(cc)")
        }
        #expect(cc.contains("daniel@iogearbox.net"))
        // The 2019 address in the Signed-off-by is mapped to today's by the kernel's .mailmap,
        // and merged with the same person as a TLS maintainer.
        #expect(!(to + cc).contains("jakub.kicinski@netronome.com"))
        #expect(r.to.first { $0.email == "kuba@kernel.org" }?.roles.contains("signed-off-by") == true)
        #expect(!(to + cc).contains("torvalds@linux-foundation.org"))
        let corbet = try #require(r.to.first { $0.email == "corbet@lwn.net" })
        #expect(corbet.roles == ["maintainer:DOCUMENTATION"])
        let boris = try #require(r.to.first { $0.email == "borisp@nvidia.com" })
        #expect(boris.roles == ["maintainer:NETWORKING [TLS]"])
        // Most specific first: for net/tls/ the TLS section comes before general networking.
        let sections = try #require(try await Repository(path: f.path).maintainersFile(at: "HEAD"))
            .sections(covering: "net/tls/tls_main.c").map(\.section.name)
        #expect(sections.first == "NETWORKING [TLS]")
        #expect(sections.last == "THE REST")
        #expect(sections.contains("NETWORKING [GENERAL]"))
    }

    /// Section choice for a spread of real paths agrees with get_maintainer.pl itself.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/perl"), "needs perl for get_maintainer.pl"))
    func agreesWithGetMaintainer() async throws {
        let kernel = try await KernelSource.directory()
        let text = try String(contentsOfFile: kernel + "/MAINTAINERS", encoding: .utf8)
        let maintainers = MaintainersFile(text: text)
        #expect(maintainers.sections.count > 2000)
        let files = [
            "net/tls/tls_main.c", "Documentation/networking/tls.rst", "drivers/net/ethernet/intel/e1000/e1000_main.c",
            "arch/x86/kvm/x86.c", "sound/soc/codecs/da7213.c", "drivers/regulator/da9063-regulator.c",
            "fs/ext4/inode.c", "Documentation/devicetree/bindings/net/can/bosch,m_can.yaml",
            "arch/arm/mach-imx/pm-imx6.c", "include/linux/bpf.h", "mm/zswap.c", "kernel/sched/core.c",
            "drivers/gpu/drm/amd/amdgpu/amdgpu_amdkfd_gpuvm.c", "tools/testing/selftests/net/tls.c", "README",
            "net/core/sock_map.c", "drivers/usb/core/hub.c", "include/uapi/linux/tls.h",
        ]
        // get_maintainer.pl -f wants the files to exist.
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-gm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tree) }
        for file in files {
            let path = tree + "/" + file
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data())
        }
        for file in files {
            let r = try await ProcessRunner.run(
                "perl",
                [
                    kernel + "/scripts/get_maintainer.pl", "--no-tree", "--mpath", kernel + "/MAINTAINERS", "--no-git",
                    "--no-git-fallback", "--no-keywords", "--no-remove-duplicates", "-f", file,
                ], directory: tree)
            #expect(r.succeeded, "\(r.tail())")
            var expected: (maintainers: Set<String>, reviewers: Set<String>, lists: Set<String>) = ([], [], [])
            for line in r.outputText.split(separator: "\n") {
                // `Name <email> (role:SECTION (details))` or `list@host (open list:SECTION)`.
                let text = String(line)
                let end =
                    text.firstIndex(of: ">").map { text.index(after: $0) } ?? text.firstIndex(of: " ") ?? text.endIndex
                let email = (Trailer.parseAddress(String(text[..<end]))?.email ?? String(text[..<end])).lowercased()
                let role = text[end...].trimmingCharacters(in: .whitespaces)
                if role.contains("list") && !role.contains(":") || role.hasPrefix("(open list")
                    || role.hasPrefix("(moderated list")
                {
                    expected.lists.insert(email)
                } else if role.hasPrefix("(reviewer") {
                    expected.reviewers.insert(email)
                } else {
                    expected.maintainers.insert(email)
                }
            }
            var mine: (maintainers: Set<String>, reviewers: Set<String>, lists: Set<String>) = ([], [], [])
            for (section, _) in maintainers.sections(covering: file) {
                if !section.isCatchAll {
                    for m in section.maintainers { mine.maintainers.insert(address(m)) }
                }
                for rv in section.reviewers { mine.reviewers.insert(address(rv)) }
                for l in section.lists where !l.contains("subscribers-only") {
                    mine.lists.insert(String(l.split(separator: " ")[0]).lowercased())
                }
            }
            #expect(mine.maintainers == expected.maintainers, "\(file)")
            #expect(mine.reviewers == expected.reviewers, "\(file)")
            #expect(mine.lists == expected.lists, "\(file)")
            #expect(!expected.maintainers.isEmpty || !expected.lists.isEmpty, "\(file): get_maintainer found nobody")
        }
    }

    private func address(_ entry: String) -> String {
        (Trailer.parseAddress(entry)?.email ?? entry).lowercased()
    }
}
