import Testing

@testable import Lab

/// The demo's source files are real files with `//%` lines: what each line keeps or puts in.
struct DemoTemplateTests {
    static let template = DemoTemplate(
        """
        int a;
        //% if x && !y
        int x_only;
        //% elif y
        //% if x
        int x_and_y;
        //% else
        int y_only;
        //% end
        //% else
        int neither;
        //% end
        size_t {{count}};
        //% insert rows
        end
        """ + "\n")

    static func render(_ features: Set<String>) -> String {
        template.render(has: features.contains, values: ["count": "nentries"], inserts: ["rows": "r1\nr2\n"])
    }

    @Test func conditionsValuesAndInserts() {
        #expect(Self.render([]) == "int a;\nint neither;\nsize_t nentries;\nr1\nr2\nend\n")
        #expect(Self.render(["x"]) == "int a;\nint x_only;\nsize_t nentries;\nr1\nr2\nend\n")
        #expect(Self.render(["y"]) == "int a;\nint y_only;\nsize_t nentries;\nr1\nr2\nend\n")
        #expect(Self.render(["x", "y"]) == "int a;\nint x_and_y;\nsize_t nentries;\nr1\nr2\nend\n")
    }

    @Test func everyDemoSourceIsAPackageResource() {
        for path in DemoSources.templatePaths {
            #expect(DemoTemplate.all[path]?.lines.isEmpty == false, "\(path) is missing from the Lab resources")
        }
        // A state with no features renders C with no template lines left in it.
        let files = DemoSources.render(DemoState())
        for (path, text) in files where path.hasSuffix(".c") || path.hasSuffix(".h") {
            #expect(!text.contains("//%") && !text.contains("{{"), "\(path) kept a template line")
        }
        #expect(files["src/pressure.c"] == nil)
    }
}
