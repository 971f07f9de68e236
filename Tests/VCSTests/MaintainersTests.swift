import Foundation
import Testing

@testable import VCS

@Suite struct MaintainersTests {
    @Test func filePatternsFollowGetMaintainerSemantics() {
        let dir = FilePattern("net/tls/")
        #expect(dir.matches("net/tls/tls_main.c"))
        #expect(dir.matches("net/tls/sub/deep.c"))
        #expect(!dir.matches("net/tlsx/a.c"))
        #expect(!dir.matches("net/tls"))
        #expect(dir.depth == 2)

        let star = FilePattern("net/tls/*")
        #expect(star.matches("net/tls/tls_main.c"))
        #expect(!star.matches("net/tls/sub/deep.c"))  // * stays in one component
        #expect(star.depth == 3)

        let plain = FilePattern("net/tls")  // a directory named without its slash
        #expect(plain.matches("net/tls/sub/deep.c"))
        #expect(!plain.matches("net/tlsx/a.c"))

        let file = FilePattern("include/net/tls.h")
        #expect(file.matches("include/net/tls.h"))
        #expect(!file.matches("include/net/tls.c"))
        #expect(!file.matches("include/net/tls.hpp/x"))

        let classes = FilePattern("sound/soc/codecs/da[79]*.[ch]")
        #expect(classes.matches("sound/soc/codecs/da7213.c"))
        #expect(classes.matches("sound/soc/codecs/da9055.h"))
        #expect(!classes.matches("sound/soc/codecs/da8xx.c"))
        #expect(!classes.matches("sound/soc/codecs/da7213.o"))

        let question = FilePattern("drivers/input/misc/da72??.[ch]")
        #expect(question.matches("drivers/input/misc/da7280.c"))
        #expect(!question.matches("drivers/input/misc/da728.c"))

        let rest = FilePattern("*")
        #expect(rest.matches("README"))
        #expect(!rest.matches("net/socket.c"))
        #expect(rest.depth == -1)
        let restDirs = FilePattern("*/")
        #expect(restDirs.matches("net/socket.c"))
        #expect(!restDirs.matches("README"))
    }

    static let fixture = """
        List of maintainers
        ===================

        Descriptions of section entries:

        \tM: Mail patches to: FullName <address@domain>
        \tF: */

        Maintainers List
        ----------------

        NETWORKING [GENERAL]
        M:\tDave Net <davem@example.org>
        L:\tnetdev@example.org
        S:\tMaintained
        F:\tnet/
        X:\tnet/bluetooth/

        NETWORKING [TLS]
        M:\tTed Tls <ted@example.org>
        R:\tRita Review <rita@example.org>
        L:\tnetdev@example.org
        S:\tSupported
        F:\tnet/tls/*

        BLUETOOTH
        M:\tBea Blue <bea@example.org>
        L:\tblue@example.org (moderated for non-subscribers)
        L:\tsecret@example.org (subscribers-only)
        S:\tOdd Fixes
        F:\tnet/bluetooth/

        ARM/IMX
        M:\tIma Arm <ima@example.org>
        S:\tMaintained
        N:\timx

        DOCUMENTATION
        M:\tDora Docs <dora@example.org>
        L:\tdocs@example.org
        S:\tMaintained
        F:\tDocumentation/
        X:\tDocumentation/devicetree/

        THE REST
        M:\tLinus Chief <chief@example.org>
        L:\tall@example.org
        S:\tBuried alive in reporters
        F:\t*
        F:\t*/

        """

    @Test func parsesSectionsAndSkipsThePreamble() {
        let m = MaintainersFile(text: MaintainersTests.fixture)
        #expect(
            m.sections.map(\.name) == [
                "NETWORKING [GENERAL]", "NETWORKING [TLS]", "BLUETOOTH", "ARM/IMX", "DOCUMENTATION", "THE REST",
            ])
        let tls = m.sections[1]
        #expect(tls.maintainers == ["Ted Tls <ted@example.org>"])
        #expect(tls.reviewers == ["Rita Review <rita@example.org>"])
        #expect(tls.status == "Supported")
        #expect(tls.maintainerRole == "supporter")
        #expect(tls.filePatterns == ["net/tls/*"])
        #expect(m.sections[5].isCatchAll)
        #expect(m.problems.isEmpty)
    }

    @Test func mostSpecificSectionFirstWithExclusionsAndRegexes() {
        let m = MaintainersFile(text: MaintainersTests.fixture)
        #expect(
            m.sections(covering: "net/tls/tls_main.c").map(\.section.name) == [
                "NETWORKING [TLS]", "NETWORKING [GENERAL]", "THE REST",
            ])
        #expect(m.sections(covering: "net/tls/tls_main.c").map(\.depth) == [3, 1, -1])
        #expect(m.sections(covering: "net/bluetooth/hci.c").map(\.section.name) == ["BLUETOOTH", "THE REST"])
        #expect(m.sections(covering: "Documentation/devicetree/x.yaml").map(\.section.name) == ["THE REST"])
        #expect(m.sections(covering: "arch/arm/mach-imx/pm.c").map(\.section.name) == ["ARM/IMX", "THE REST"])
        #expect(m.sections(covering: "README").map(\.section.name) == ["THE REST"])
    }

    @Test func badRegexIsReportedNotFatal() {
        let m = MaintainersFile(text: "FOO\nM:\tA <a@b.c>\nN:\t[unclosed\nF:\tfoo/\n")
        #expect(m.sections.count == 1)
        #expect(m.problems.count == 1)
        #expect(m.sections(covering: "foo/x.c").count == 1)
    }
}
