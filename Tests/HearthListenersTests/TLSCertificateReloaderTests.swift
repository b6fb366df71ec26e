import Foundation
import HearthListeners
import HearthTestSupport
import Logging
import Testing

@Suite(.enabled(if: TestCertificates.available, "needs openssl (scripts/prerequisites.sh installs it)"))
struct TLSCertificateReloaderTests {
    func error(_ files: TLSFiles) -> TLSFilesError? {
        do {
            _ = try TLSCertificateReloader(files: files)
            return nil
        } catch let error as TLSFilesError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func goodFilesLoad() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        _ = try TLSCertificateReloader(files: TLSFiles(certificate: certificates.certificate, key: certificates.key))
    }

    @Test func aMissingFileIsNamedWithTheFix() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let missing = certificates.path("nope.pem")
        let failure = try #require(error(TLSFiles(certificate: missing, key: certificates.key)))
        #expect(failure.code == .missing)
        #expect(failure.description.contains(missing) && failure.description.contains("--tls-cert"))
    }

    @Test func anUnreadableFileIsNamed() throws {
        guard getuid() != 0 else { return }  // root reads anything
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        chmod(certificates.key, 0)
        let failure = try #require(error(TLSFiles(certificate: certificates.certificate, key: certificates.key)))
        #expect(failure.code == .unreadable && failure.description.contains(certificates.key))
    }

    @Test func aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let failure = try #require(error(TLSFiles(certificate: certificates.certificate, key: certificates.otherKey)))
        #expect(failure.code == .keyMismatch)
        #expect(failure.description.contains(certificates.otherKey) && failure.description.contains(certificates.certificate))
    }

    @Test func filesThatAreNotPEMAreRefused() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let garbage = certificates.path("garbage.pem")
        try "not a certificate".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(error(TLSFiles(certificate: garbage, key: certificates.key))?.code == .badCertificate)
        let keyFailure = try #require(error(TLSFiles(certificate: certificates.certificate, key: garbage)))
        #expect(keyFailure.code == .badKey)
        #expect(!keyFailure.description.contains("BEGIN EC PRIVATE"))
    }

    @Test func aChangedCertificateIsReloadedAndABrokenChangeKeepsTheOldOne() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let served = certificates.path("served.pem")
        try FileManager.default.copyItem(atPath: certificates.certificate, toPath: served)
        let reloader = try TLSCertificateReloader(files: TLSFiles(certificate: served, key: certificates.key))
        let logger = Logger(label: "test")
        #expect(!reloader.reloadIfChanged(logger: logger))
        try "broken".write(toFile: served, atomically: false, encoding: .utf8)
        #expect(!reloader.reloadIfChanged(logger: logger))
        try FileManager.default.removeItem(atPath: served)
        try FileManager.default.copyItem(atPath: certificates.wrongNameCertificate, toPath: served)
        #expect(reloader.reloadIfChanged(logger: logger))
        #expect(!reloader.reloadIfChanged(logger: logger))
    }
}
