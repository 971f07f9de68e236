/// Turns mangled C++ (Itanium, `_Z...`) and Rust (v0, `_R...`) symbols into readable paths, as
/// far as a crash title needs: `_Z8fakeNameiii` -> `fakeName`,
/// `_RNvMs3_NtCs.._11rust_binder7processNtB5_7Process10update_ref` ->
/// `<rust_binder::process::Process>::update_ref`. Anything it cannot read is returned unchanged.
enum SymbolDemangler {
    static func demangle(_ symbol: String) -> String {
        if symbol.hasPrefix("_R") {
            var parser = RustV0(Array(symbol.utf8.dropFirst(2)))
            if let path = parser.path(depth: 0) { return path }
        } else if symbol.hasPrefix("_Z") {
            if let name = itanium(Array(symbol.utf8.dropFirst(2))) { return name }
        }
        return symbol
    }

    /// The (possibly nested `N...E`) name of an Itanium symbol, parameters ignored.
    private static func itanium(_ b: [UInt8]) -> String? {
        var i = 0
        var parts: [String] = []
        let nested = i < b.count && b[i] == UInt8(ascii: "N")
        if nested { i += 1 }
        // CV-qualifiers of a nested member function.
        while nested && i < b.count && (b[i] == UInt8(ascii: "K") || b[i] == UInt8(ascii: "V")) { i += 1 }
        repeat {
            var length = 0
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                length = length * 10 + Int(b[i] - 48)
                i += 1
                if length > 4096 { return nil }
            }
            guard i > start, length > 0, i + length <= b.count else { break }
            parts.append(String(decoding: b[i..<i + length], as: UTF8.self))
            i += length
        } while nested && i < b.count && b[i] != UInt8(ascii: "E")
        return parts.isEmpty ? nil : parts.joined(separator: "::")
    }

    /// A reader for the parts of the Rust v0 grammar that appear in function paths.
    private struct RustV0 {
        let b: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) { b = bytes }

        private func peek() -> UInt8? { i < b.count ? b[i] : nil }

        private mutating func eat(_ c: Character) -> Bool {
            if peek() == c.asciiValue {
                i += 1
                return true
            }
            return false
        }

        /// `[0-9a-zA-Z]* _`: empty is 0, otherwise the value plus one.
        private mutating func base62() -> Int? {
            if eat("_") { return 0 }
            var value = 0
            while let c = peek(), c != UInt8(ascii: "_") {
                let digit: Int
                switch c {
                case 48...57: digit = Int(c - 48)
                case 97...122: digit = Int(c - 97) + 10
                case 65...90: digit = Int(c - 65) + 36
                default: return nil
                }
                value = (value &* 62 &+ digit) & 0x3fff_ffff_ffff_ffff  // hashes wrap; positions stay small
                i += 1
            }
            guard eat("_") else { return nil }
            return value + 1
        }

        private mutating func disambiguator() -> Bool {
            if eat("s") { return base62() != nil }
            return true
        }

        private mutating func identifier() -> String? {
            guard disambiguator() else { return nil }
            _ = eat("u")
            var length = 0
            let start = i
            while let c = peek(), c >= 48, c <= 57 {
                length = length * 10 + Int(c - 48)
                i += 1
                if length > 4096 { return nil }
            }
            guard i > start else { return nil }
            _ = eat("_")
            guard i + length <= b.count else { return nil }
            let text = String(decoding: b[i..<i + length], as: UTF8.self)
            i += length
            return text
        }

        /// Parses at `position` without moving the cursor (back-references).
        private mutating func backref(_ parse: (inout RustV0) -> String?) -> String? {
            guard let target = base62(), target >= 0, target < b.count, target < i else { return nil }
            var copy = self
            copy.i = target
            return parse(&copy)
        }

        mutating func path(depth: Int) -> String? {
            guard depth < 64, let c = peek() else { return nil }
            i += 1
            switch c {
            case UInt8(ascii: "C"):
                return identifier()
            case UInt8(ascii: "M"):
                guard disambiguator(), path(depth: depth + 1) != nil, let type = type(depth: depth + 1) else {
                    return nil
                }
                return "<\(type)>"
            case UInt8(ascii: "X"):
                guard disambiguator(), path(depth: depth + 1) != nil, let type = type(depth: depth + 1),
                    let trait = path(depth: depth + 1)
                else { return nil }
                return "<\(type) as \(trait)>"
            case UInt8(ascii: "Y"):
                guard let type = type(depth: depth + 1), let trait = path(depth: depth + 1) else { return nil }
                return "<\(type) as \(trait)>"
            case UInt8(ascii: "N"):
                guard let namespace = peek() else { return nil }
                i += 1
                guard let parent = path(depth: depth + 1), let name = identifier() else { return nil }
                if namespace >= 65 && namespace <= 90 {
                    let kind = namespace == UInt8(ascii: "C") ? "closure" : "shim"
                    return "\(parent)::{\(kind)\(name.isEmpty ? "" : ":" + name)}"
                }
                return "\(parent)::\(name)"
            case UInt8(ascii: "I"):
                guard let base = path(depth: depth + 1) else { return nil }
                var args: [String] = []
                while !eat("E") {
                    guard let arg = type(depth: depth + 1) else { return nil }
                    args.append(arg)
                }
                return "\(base)::<\(args.joined(separator: ", "))>"
            case UInt8(ascii: "B"):
                return backref { $0.path(depth: depth + 1) }
            default:
                return nil
            }
        }

        private static let basic: [UInt8: String] = [
            UInt8(ascii: "a"): "i8", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char", UInt8(ascii: "d"): "f64",
            UInt8(ascii: "e"): "str", UInt8(ascii: "f"): "f32", UInt8(ascii: "h"): "u8", UInt8(ascii: "i"): "isize",
            UInt8(ascii: "j"): "usize", UInt8(ascii: "l"): "i32", UInt8(ascii: "m"): "u32", UInt8(ascii: "n"): "i128",
            UInt8(ascii: "o"): "u128", UInt8(ascii: "s"): "i16", UInt8(ascii: "t"): "u16", UInt8(ascii: "u"): "()",
            UInt8(ascii: "v"): "...", UInt8(ascii: "x"): "i64", UInt8(ascii: "y"): "u64", UInt8(ascii: "z"): "!",
            UInt8(ascii: "p"): "_",
        ]

        private mutating func type(depth: Int) -> String? {
            guard depth < 64, let c = peek() else { return nil }
            if let name = Self.basic[c] {
                i += 1
                return name
            }
            switch c {
            case UInt8(ascii: "R"), UInt8(ascii: "Q"):
                i += 1
                if eat("L") { guard base62() != nil else { return nil } }
                guard let inner = type(depth: depth + 1) else { return nil }
                return (c == UInt8(ascii: "R") ? "&" : "&mut ") + inner
            case UInt8(ascii: "P"), UInt8(ascii: "O"):
                i += 1
                guard let inner = type(depth: depth + 1) else { return nil }
                return (c == UInt8(ascii: "P") ? "*const " : "*mut ") + inner
            case UInt8(ascii: "S"):
                i += 1
                guard let inner = type(depth: depth + 1) else { return nil }
                return "[\(inner)]"
            case UInt8(ascii: "T"):
                i += 1
                var items: [String] = []
                while !eat("E") {
                    guard let item = type(depth: depth + 1) else { return nil }
                    items.append(item)
                }
                return "(\(items.joined(separator: ", ")))"
            case UInt8(ascii: "B"):
                i += 1
                return backref { $0.type(depth: depth + 1) }
            default:
                return path(depth: depth)
            }
        }
    }
}
