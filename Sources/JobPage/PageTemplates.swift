import Foundation
import Model
import Mustache

/// The Mustache templates of every HTML page Culprit draws (this module's resources,
/// `templates/*.mustache`): `job` (a job's page, self-contained or on the dashboard), `jobs`
/// (the dashboard's job list) and the `head`/`foot` partials they share (inline CSS; no network).
public struct PageTemplates: Sendable {
    let library: MustacheLibrary

    /// The page names this module ships.
    static let names = ["head", "foot", "job", "jobs"]

    /// - Throws: `CulpritError.infrastructure` when a template is missing or does not parse
    ///   (a broken installation or a defect).
    public init() throws {
        var library = MustacheLibrary()
        for name in Self.names {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                throw CulpritError.infrastructure(
                    "the page template \(name).mustache is missing from Culprit's resources: reinstall Culprit")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw CulpritError.infrastructure("the page template \(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// `template` rendered with `context` (plain dictionaries and arrays).
    public func render(_ context: [String: Any], template: String) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    /// A job's page. `live` (dashboard only) adds the script that follows a running job's events.
    public func jobPage(_ report: JobReport, live: Bool = false) -> String {
        var context = report.context
        context["live"] = live && report.state == "running"
        return render(context, template: "job")
    }
}
