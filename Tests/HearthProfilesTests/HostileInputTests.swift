import Foundation
import HearthProfiles
import Testing

/// Hostile and broken files: each refused with a clear error that says where.
@Suite struct HostileInputTests {
    func failure(_ fixture: String) throws -> ProfileError {
        let data = try ProfileFixtures.data(fixture)
        do {
            _ = try PublishSettings(parsing: data)
        } catch {
            return error
        }
        throw ExpectedFailure(fixture: fixture)
    }

    struct ExpectedFailure: Error { var fixture: String }

    @Test func externalEntityIsRefusedAtTheDoctype() throws {
        let error = try failure("xxe.PublishSettings")
        #expect(error.code == .forbiddenDTD)
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.description.hasPrefix("line 2, column 1: "))
        #expect(!error.message.contains("root:"))  // nothing of /etc/passwd
    }

    @Test func externalDTDOverTheNetworkIsRefused() throws {
        let error = try failure("xxe-network.PublishSettings")
        #expect(error.code == .forbiddenDTD)
        #expect(error.line == 2)
    }

    @Test func doctypeInUTF16IsRefusedToo() throws {
        let error = try failure("xxe-utf16.PublishSettings")
        #expect(error.code == .forbiddenDTD)
        #expect(error.line == 2)
    }

    @Test(.timeLimit(.minutes(1))) func billionLaughsIsRefusedWithoutExpanding() throws {
        let start = ContinuousClock.now
        let error = try failure("billion-laughs.PublishSettings")
        #expect(error.code == .forbiddenDTD)
        #expect(error.line == 2)
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func undeclaredEntityIsASyntaxError() throws {
        let error = try failure("undeclared-entity.PublishSettings")
        #expect(error.code == .malformed)
        #expect(error.line == 2)
        #expect(error.column != nil)
    }

    @Test func truncatedFile() throws {
        let error = try failure("truncated.PublishSettings")
        #expect(error.code == .malformed)
        #expect(error.line == 1)
        #expect((error.column ?? 0) > 600)
        #expect(error.message.contains("truncated"))
    }

    @Test func wrongRoot() throws {
        let error = try failure("wrong-root.PublishSettings")
        #expect(error.code == .wrongRoot)
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.message.contains("<Project>"))
    }

    @Test func missingAttributeNamesTheProfileAndPlace() throws {
        let error = try failure("missing-attribute.PublishSettings")
        #expect(error.code == .missingAttribute)
        #expect(error.message.contains("'b - Zip Deploy'"))
        #expect(error.message.contains("publishUrl"))
        #expect(error.line == 3)
        #expect(error.column == 3)
    }

    @Test func noProfiles() throws {
        let error = try failure("no-profiles.PublishSettings")
        #expect(error.code == .noProfiles)
        #expect(error.line == 1)
    }

    @Test func oversizeFileIsNotParsed() throws {
        var options = PublishSettings.ParseOptions()
        options.maxBytes = 100
        #expect(throws: ProfileError.self) { try PublishSettings(parsing: Data(repeating: 0x20, count: 101), options: options) }
        do {
            _ = try PublishSettings(parsing: Data(repeating: 0x20, count: 2 << 20))
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func emptyAndBinaryInput() throws {
        #expect(throws: ProfileError.self) { try PublishSettings(parsing: Data()) }
        do {
            _ = try PublishSettings(parsing: Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0x10]))
        } catch {
            #expect(error.code == .malformed)
            #expect(error.line == 1)
        }
    }
}
