import HearthCore
import Testing

/// HTTP's comparison of field names: ASCII letters in any case, everything else exactly.
@Suite struct ASCIICaseTests {
    @Test func equalNamesInMixedCaseMatch() {
        #expect("Content-Length".equalsIgnoringASCIICase("content-length"))
        #expect("content-length".equalsIgnoringASCIICase("CONTENT-LENGTH"))
        #expect("TrAcEpArEnT".equalsIgnoringASCIICase("traceparent"))
        #expect("".equalsIgnoringASCIICase(""))
        #expect("x-1_2.3~".equalsIgnoringASCIICase("X-1_2.3~"))
    }

    @Test func differentLengthsOrLettersDoNotMatch() {
        #expect(!"Content-Length".equalsIgnoringASCIICase("content-lengths"))
        #expect(!"Content-Lengt".equalsIgnoringASCIICase("content-length"))
        #expect(!"".equalsIgnoringASCIICase("a"))
        #expect(!"connection".equalsIgnoringASCIICase("connectioN "))
        #expect(!"te".equalsIgnoringASCIICase("tf"))
    }

    @Test func onlyLettersFold() {
        // '@' (0x40) and '`' (0x60), '[' (0x5B) and '{' (0x7B) differ by the case bit but are not letters.
        #expect(!"@".equalsIgnoringASCIICase("`"))
        #expect(!"[".equalsIgnoringASCIICase("{"))
        #expect(!"a-b".equalsIgnoringASCIICase("a\rb"))
    }

    @Test func nonASCIIIsComparedExactly() {
        // Unicode lower-casing maps the Kelvin sign to "k" and "İ" to "i̇"; HTTP names are ASCII tokens, so neither matches.
        #expect(!"\u{212A}eep-alive".equalsIgnoringASCIICase("keep-alive"))
        #expect(!"\u{130}".equalsIgnoringASCIICase("i"))
        #expect("é-Ä".equalsIgnoringASCIICase("é-Ä"))
        #expect(!"é".equalsIgnoringASCIICase("É"))
    }

    @Test func prefixesCompareTheSameWay() {
        #expect("/Admin/Functions/x".hasPrefixIgnoringASCIICase("/admin/"))
        #expect("/admin/".hasPrefixIgnoringASCIICase("/ADMIN/"))
        #expect("anything".hasPrefixIgnoringASCIICase(""))
        #expect(!"/admin".hasPrefixIgnoringASCIICase("/admin/"))
        #expect(!"/adm\u{130}n/".hasPrefixIgnoringASCIICase("/admin/"))
        #expect(!"\u{E9}\u{E9}\u{E9}\u{E9}".hasPrefixIgnoringASCIICase("/admin/"))
        #expect(!"".hasPrefixIgnoringASCIICase("a"))
    }

    @Test func substringsCompareByTheirOwnText() {
        let text = "xxContent-Typeyy"
        let inner = text.dropFirst(2).dropLast(2)
        #expect(inner.equalsIgnoringASCIICase("content-type"))
        #expect(!inner.equalsIgnoringASCIICase("content-typey"))
    }

    /// Every pair of ASCII bytes, alone (a small string) and at the end of a text too long to be
    /// stored inline, and as substrings: equal exactly when they are the same byte or the same
    /// letter in the other case.
    @Test func everyASCIIPairComparesAsHTTPDoes() {
        let padding = String(repeating: "x-", count: 12)
        for a in UInt8(0)...127 {
            for b in UInt8(0)...127 {
                let expected = a == b || (asciiLowercased(a) == asciiLowercased(b) && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
                let x = String(decoding: [a], as: UTF8.self)
                let y = String(decoding: [b], as: UTF8.self)
                #expect(x.equalsIgnoringASCIICase(y) == expected)
                #expect((padding + x).equalsIgnoringASCIICase(padding + y) == expected)
                #expect(("<" + padding + x + ">").dropFirst().dropLast().equalsIgnoringASCIICase(padding + y) == expected)
                #expect((padding + x + "tail").hasPrefixIgnoringASCIICase(padding + y) == expected)
            }
        }
    }
}
