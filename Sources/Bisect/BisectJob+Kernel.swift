import Foundation

extension BisectJob {
    /// Where a kernel job keeps its build root and initramfs: `<git dir>/culprit/kernel`, shared
    /// by the jobs of a repository (a fix bisection reuses the cause bisection's objects).
    var kernelRoot: String {
        let repository = Self.absolute(self.repository ?? ".")
        var isDirectory: ObjCBool = false
        let dotGit = repository + "/.git"
        let gitDirectory =
            FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory) && isDirectory.boolValue
            ? dotGit : repository
        return gitDirectory + "/culprit/kernel"
    }
}
