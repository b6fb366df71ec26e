import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

#if canImport(Glibc)
import Glibc
#endif

/// Packages built to exhaust the management machine: refused by what they really inflate to, with
/// memory bounded, nothing stored, the previous deployment serving.
extension DeploymentValidationTests {
    /// The process's peak resident memory so far, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func lyingZipIsRefusedWithMemoryBounded() async throws {
        let inflated = 256 << 20
        let zip = try ZipAttacks.lyingSize(declared: 200, inflatedBytes: inflated)
        #expect(zip.count < inflated / 500)  // a few hundred kilobytes claiming 200 bytes
        let before = Self.peakMemory()
        let response = try await refused(zip)
        let grown = Self.peakMemory() - before
        #expect(response.status == .unprocessableContent)
        #expect(response.errorMessage.contains("'host.json' declares 200 bytes but inflates to more"))
        #expect(response.errorMessage.contains("Rebuild the zip"))
        // Holding the inflated entry would grow the peak by 256 MiB or more. The peak is the whole
        // test process's, which other suites running alongside share: half the entry is the bound.
        #expect(grown < inflated / 2, "deploying the lying zip grew peak memory by \(grown >> 20) MiB")
    }

    @Test func oversizeFunctionJSONIsRefused() async throws {
        var files = SampleApps.hello
        // Valid JSON just over 1 MiB that does not compress much (not a zip bomb, only too large).
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<(FunctionAppLoader.maxDescriptorBytes * 3 / 4)).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let function = files["HttpHello/function.json"]!
        files["HttpHello/function.json"] = String(function.dropLast()) + #", "notes": ""# + noise.base64EncodedString() + #""}"#
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorDetails.first?["file"] == "HttpHello/function.json")
        #expect(response.errorMessage.contains("larger than 1048576 bytes"))
        #expect(response.errorDetails.first?["fix"]?.isEmpty == false)
    }

    @Test func showingAnAppParsesItsPackageOnce() async throws {
        let (instance, _) = try await deployedInstance()
        for _ in 0..<3 {
            let response = try await instance.test { [adminToken = instance.adminToken] client in
                try await client.call(.get, "/api/apps/orders", token: adminToken)
            }
            #expect(response.status == .ok)
            #expect(((response.json["functions"] as? [[String: Any]])?.first?["name"] as? String) == "HttpHello")
        }
        #expect(instance.api.appCache.count == 1)
    }
}
