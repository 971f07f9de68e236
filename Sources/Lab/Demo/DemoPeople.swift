import Model

/// The (fictional) people of the demo project and its MAINTAINERS file.
enum DemoPeople {
    struct Person: Sendable, Hashable {
        var name: String
        var email: String
        var ident: String { "\(name) <\(email)>" }
    }

    static let maria = Person(name: "Maria Lindqvist", email: "maria.lindqvist@example.org")
    static let tomasz = Person(name: "Tomasz Wierzbicki", email: "tomasz.w@example.net")
    static let aiko = Person(name: "Aiko Tanaka", email: "aiko.tanaka@example.com")
    static let daniel = Person(name: "Daniel Okafor", email: "dokafor@example.org")
    static let priya = Person(name: "Priya Raman", email: "priya.raman@example.com")
    static let lukas = Person(name: "Lukas Brenner", email: "lukas.brenner@example.net")
    static let sofia = Person(name: "Sofia Marques", email: "sofia.marques@example.org")
    static let hannah = Person(name: "Hannah Schulz", email: "hschulz@example.com")
    static let kwame = Person(name: "Kwame Mensah", email: "kwame@example.net")
    static let elena = Person(name: "Elena Petrova", email: "elena.petrova@example.com")

    /// Everyone who writes patches (maintainers too).
    static let contributors = [maria, tomasz, aiko, daniel, priya, lukas, sofia, hannah, kwame, elena]
    /// Who reviews patches in each area.
    static let reviewers = [maria, tomasz, priya, hannah]

    static let list = "kvcache-devel@lists.example.org"

    /// MAINTAINERS in the Linux format (`M:`, `R:`, `L:`, `S:`, `F:`).
    static func maintainersFile(withStats: Bool) -> String {
        var sections: [(String, [String])] = [
            (
                "KVCACHE CORE",
                [
                    "M:\t\(maria.ident)", "L:\t\(list)", "S:\tMaintained", "F:\tinclude/", "F:\tsrc/cache.c",
                    "F:\tsrc/hash.c", "F:\tsrc/main.c", "F:\tsrc/pressure.c",
                ]
            ),
            (
                "DOCUMENTATION",
                ["M:\t\(hannah.ident)", "L:\t\(list)", "S:\tMaintained", "F:\tDocumentation/", "F:\tREADME.md"]
            ),
            (
                "OPTIONS",
                [
                    "M:\t\(priya.ident)", "L:\t\(list)", "S:\tMaintained", "F:\tsrc/options.c",
                    "F:\tDocumentation/options.md",
                ]
            ),
            (
                "PROTOCOL",
                [
                    "M:\t\(tomasz.ident)", "R:\t\(aiko.ident)", "L:\t\(list)", "S:\tMaintained", "F:\tsrc/proto.c",
                    "F:\tDocumentation/protocol.md",
                ]
            ),
            ("TESTS", ["M:\t\(elena.ident)", "L:\t\(list)", "S:\tOdd Fixes", "F:\ttests/"]),
        ]
        if withStats {
            sections.append(
                ("STATISTICS", ["M:\t\(kwame.ident)", "R:\t\(maria.ident)", "S:\tMaintained", "F:\tsrc/stats.c"]))
            sections.sort { $0.0 < $1.0 }
        }
        var text = """
            List of maintainers of kvcache
            ==============================

            Send patches to the list of the area they touch, and copy its maintainers.
            M: maintainer, R: reviewer, L: mailing list, S: status, F: files.


            """
        for (title, lines) in sections {
            text += title + "\n" + lines.joined(separator: "\n") + "\n\n"
        }
        return text
    }
}
