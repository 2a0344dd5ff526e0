/// Arabic orthographic folding, written as a Unicode-scalar loop.
///
/// Foundation's `.diacriticInsensitive` folding does not remove harakat, so the rules are
/// spelled out here. `fold(_:)` is applied to gazetteer names (keys) and to every Arabic
/// token of a text, so it must be cheap: one pass, no regexes, no `Character` iteration.
///
/// Rules (applied to every scalar; non-Arabic scalars pass through unchanged):
/// - alef forms أ إ آ ٱ (and wavy-hamza alefs U+0672/U+0673) → ا
/// - ؤ → و, ئ → ي, ى (alef maqsura) → ي, ة (ta marbuta) → ه
/// - Persian/Urdu letters ک → ك, ی → ي, ہ/ە → ه
/// - removed: tatweel ـ (U+0640), harakat U+064B–U+0652 (tanwin, fatha, damma, kasra, shadda,
///   sukun), U+0653–U+0655 (madda/hamza above/below), U+0670 superscript alef, zero-width
///   (non-)joiners and direction marks (U+200C–U+200F, U+061C, U+FEFF)
/// - Arabic-Indic digits ٠–٩ (U+0660–U+0669) and Eastern Arabic-Indic ۰–۹ (U+06F0–U+06F9)
///   → ASCII 0–9
/// - any run of whitespace (including NBSP, Unicode spaces, line breaks) → one ASCII space;
///   leading and trailing whitespace removed.
///
/// Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) are not decomposed: they do not occur in
/// the news text and gazetteers this project reads.
public enum ArabicNormalizer {
    /// What to do with one scalar: the replacement scalar value, or `nil` to drop it.
    /// Whitespace is returned unchanged (callers that collapse whitespace test `isSpace`).
    @inline(__always)
    public static func foldScalar(_ v: UInt32) -> UInt32? {
        if v < 0x0600 { return v }
        switch v {
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: return 0x0627
        case 0x0624: return 0x0648
        case 0x0626, 0x0649, 0x06CC: return 0x064A
        case 0x0629, 0x06C1, 0x06D5: return 0x0647
        case 0x06A9: return 0x0643
        case 0x0640, 0x064B...0x0655, 0x0670, 0x061C: return nil
        case 0x0660...0x0669: return v - 0x0660 + 0x30
        case 0x06F0...0x06F9: return v - 0x06F0 + 0x30
        case 0x200B...0x200F, 0xFEFF: return nil
        default: return v
        }
    }

    /// Whether a scalar value is whitespace for the purposes of folding.
    @inline(__always)
    public static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Folds Arabic orthographic variants (see the type's documentation) and normalises
    /// whitespace. Latin and other scripts pass through unchanged (not lowercased).
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for s in text.unicodeScalars {
            let v = s.value
            if isSpace(v) {
                pendingSpace = !out.isEmpty
                continue
            }
            guard let r = foldScalar(v) else { continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if r == v {
                out.append(contentsOf: s.utf8)
            } else if r < 0x80 {
                out.append(UInt8(r))
            } else { // replacements are Arabic letters (U+0600–U+07FF): two bytes
                out.append(UInt8(0xC0 | (r >> 6))); out.append(UInt8(0x80 | (r & 0x3F)))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the scalar is an Arabic-script letter (after or before folding; excludes
    /// harakat, tatweel and digits). Covers U+0620–U+064A, U+066E–U+06D3 (extended letters:
    /// Persian, Urdu, Kurdish) and U+06FA–U+06FF.
    @inline(__always)
    public static func isArabicLetter(_ v: UInt32) -> Bool {
        (0x0620...0x063F).contains(v) || (0x0641...0x064A).contains(v)
            || (0x066E...0x066F).contains(v) || (0x0671...0x06D3).contains(v) || v == 0x06D5
            || (0x06EE...0x06EF).contains(v) || (0x06FA...0x06FF).contains(v)
    }

    /// Whether the scalar is an Arabic combining mark or tatweel (dropped by folding, but part
    /// of a word in running text): U+0610–U+061A, U+0640, U+064B–U+065F, U+0670, U+06D6–U+06ED.
    @inline(__always)
    public static func isArabicMark(_ v: UInt32) -> Bool {
        (0x0610...0x061A).contains(v) || v == 0x0640 || (0x064B...0x065F).contains(v)
            || v == 0x0670 || (0x06D6...0x06ED).contains(v)
    }
}
