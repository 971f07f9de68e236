import CommandBackend
import JobConfig
import KernelBackend

extension BackendRegistry {
    /// Registers the backends Culprit ships in `registry` (`culprit` does it at start; tests
    /// that read job files do it too). A new backend is a module and one line here.
    public static func registerBuiltIn(in registry: BackendRegistry = .shared) {
        registry.register(CommandJob.self)
        registry.register(KernelJob.self)
    }
}
