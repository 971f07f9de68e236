import Crypto
import Foundation

/// SHA-256 digests of what a job's files hold, for a backend's ``Backend/identity``: a job whose
/// config, reproducer or fixes changed in place is another job (its journal is not resumed),
/// and the same files at another path are the same job.
public enum ContentDigest {
    /// The digest (32 hex digits: the first 128 bits of SHA-256) of `data`.
    public static func of(_ data: Data) -> String {
        SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of `text`'s UTF-8 bytes.
    public static func of(text: String) -> String { of(Data(text.utf8)) }

    /// The digest of the file at `path`'s contents; `missing <path>` when it cannot be read
    /// (a job whose file is missing is refused by its checks before it runs).
    public static func file(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "missing " + path }
        return of(data)
    }

    /// `name=digest` for the file at `path`: its name and contents (the name says how it is
    /// used: a `.c` reproducer is compiled, a `.syz` one run by syzkaller).
    public static func named(_ path: String) -> String {
        (path as NSString).lastPathComponent + "=" + file(path)
    }
}
