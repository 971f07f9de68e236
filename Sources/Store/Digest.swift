import Crypto
import Foundation

/// SHA-256 of text, in lowercase hex: token hashes in the store, mirror names in a worker's cache.
public enum Digest {
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
