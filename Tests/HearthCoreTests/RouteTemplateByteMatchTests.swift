import Testing

@testable import HearthCore

/// ``RouteTemplate/match(_:)-(String)`` reads ASCII paths byte by byte (issue #16); every decision
/// must stay the one the Character rule made. The oracle is that rule as it was, copied here.
@Suite struct RouteTemplateByteMatchTests {
    /// The matcher before issue #16 (split into Strings by Character, decoded, lower-cased), verbatim.
    static func oracle(_ route: RouteTemplate, _ path: String) -> [String: String]? {
        let trimmed = path.trimmingSlashes()
        let parts = trimmed.isEmpty ? [] : trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var values: [String: String] = [:]
        for (i, segment) in route.segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard i < parts.count, parts[i].removingPercentEncodingIfValid().equalsIgnoringCase(literal) else { return nil }
            case .parameter(let parameter) where parameter.isCatchAll:
                let rest = parts.count > i ? parts[i...].map { $0.removingPercentEncodingIfValid() }.joined(separator: "/") : ""
                if !rest.isEmpty {
                    guard parameter.constraints.allSatisfy({ $0.accepts(rest) }) else { return nil }
                    values[parameter.name] = rest
                } else if let value = parameter.defaultValue {
                    values[parameter.name] = value
                }
                return values
            case .parameter(let parameter):
                guard i < parts.count else {
                    if let value = parameter.defaultValue {
                        values[parameter.name] = value
                        continue
                    }
                    if parameter.isOptional { continue }
                    return nil
                }
                let value = parts[i].removingPercentEncodingIfValid()
                guard !value.isEmpty, parameter.constraints.allSatisfy({ $0.accepts(value) }) else { return nil }
                values[parameter.name] = value
            }
        }
        return parts.count <= route.segments.count ? values : nil
    }

    static let templates = [
        "", "hello", "Hello/World", "items/special", "items/{id:int}", "items/{id}", "files/{*rest}", "files/{**rest:alpha}",
        "opt/{a?}/{b?}", "page/{n=1}", "x/{*rest=dflt}", "caf\u{E9}/{id}", "\u{212A}elvin", "users/{id:guid}/{name:length(1,3)}",
        "{*all}", "a/{b}/c",
    ]

    static let paths: [String] = [
        "", "/", "//", "hello", "/hello/", "HELLO", "hElLo", "//hello//", "hello/x", "Hello/World", "hello/world", "HELLO/WORLD/",
        "items/special", "items/SPECIAL", "items/spec%69al", "items/42", "items/4%32", "items/-1", "items/99999999999999999999",
        "items/%2e%2e", "items/..", "items/%2F", "items//", "items//x", "items/%zz", "items/%", "items/%C3%A9", "items/%C3",
        "files", "files/", "files/a", "files/a/b/c", "files//a//b", "files/a%2Fb/../c", "files/%41/%zz", "files/%C3%A9/x",
        "files/abc", "files/ab1", "opt", "opt/1", "opt/1/2", "opt/1/2/3", "opt//2", "page", "page/3", "x", "x/y/z",
        "caf\u{E9}/1", "cafe\u{301}/1", "CAF\u{C9}/1", "caf%C3%A9/1", "kelvin", "\u{212A}elvin", "KELVIN",
        "hello\u{301}", "/\u{301}hello", "a/\u{301}/c", "a\r\n/b/c", "a/b\r\n/c", "users/6F9619FF-8B86-D011-B42D-00C04FC964FF/abc",
        "users/x/abcd", "a/b/c", "A/%62/C", "a/b/c/", "a/b", String(repeating: "a/", count: 4_000),
        "files/" + String(repeating: "x", count: 8_000), "files/" + String(repeating: "%41", count: 2_700),
    ]

    @Test func everyHostilePathIsDecidedAsTheCharacterRuleDecidedIt() throws {
        var compared = 0
        for text in Self.templates {
            let route = try RouteTemplate(parsing: text)
            for path in Self.paths {
                #expect(route.match(path) == Self.oracle(route, path), "template \(text) path \(path.prefix(80))")
                // A slice of a longer target (the front's path in place) decides the same.
                let target = "/_app/x" + path + "?q=1"
                let slice = target.dropFirst(7).prefix(path.count)
                #expect(route.match(slice) == Self.oracle(route, path), "template \(text) slice of \(path.prefix(80))")
                compared += 1
            }
        }
        #expect(compared == Self.templates.count * Self.paths.count)
    }

    /// Pinned outcomes, so that the oracle and the matcher cannot both drift.
    @Test func pinnedDecisions() throws {
        #expect(try RouteTemplate(parsing: "items/special").match("ITEMS/Spec%69al") == [:])
        #expect(try RouteTemplate(parsing: "items/{id:int}").match("items/4%32") == ["id": "42"])
        #expect(try RouteTemplate(parsing: "files/{*rest}").match("files//a%2Fb//c") == ["rest": "/a/b//c"])
        #expect(try RouteTemplate(parsing: "\u{212A}elvin").match("kelvin") == [:])
        #expect(try RouteTemplate(parsing: "hello").match("hello\u{301}") == nil)
        // "/" and a combining mark are one Character, not a separator.
        #expect(try RouteTemplate(parsing: "a/{b}/c").match("a/\u{301}/c") == nil)
        #expect(try RouteTemplate(parsing: "opt/{a?}/{b?}").match("opt//2") == nil)
    }
}
