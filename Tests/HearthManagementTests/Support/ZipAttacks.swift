import Foundation
import HearthTestSupport
import ZIPFoundation

/// Hostile packages: each one a classic attack on zip extraction.
enum ZipAttacks {
    static func traversal() throws -> Data {
        var files = SampleApps.hello
        files["../../etc/cron.d/evil"] = "* * * * * root sh"
        return try ZipBuilder.zip(files)
    }

    static func absolutePath() throws -> Data {
        var files = SampleApps.hello
        files["/etc/passwd"] = "root:x:0:0"
        return try ZipBuilder.zip(files)
    }

    static func symlink() throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in SampleApps.hello.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        let target = Data("/etc/shadow".utf8)
        try archive.addEntry(
            with: "HttpHello/secrets",
            type: .symlink,
            uncompressedSize: Int64(target.count),
            provider: { position, size in target.subdata(in: Int(position)..<Int(position) + size) }
        )
        return archive.data!
    }

    /// 20 MiB of zeros: a few kilobytes packed, far beyond the ratio limit.
    static func ratioBomb() throws -> Data {
        var files = SampleApps.hello.mapValues { Data($0.utf8) }
        files["HttpHello/zeros.bin"] = Data(count: 20 << 20)
        return try ZipBuilder.zip(files)
    }

    /// Random bytes (incompressible), to trip a total-size limit without tripping the ratio.
    static func large(bytes: Int) throws -> Data {
        var files = SampleApps.hello.mapValues { Data($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        files["HttpHello/blob.bin"] = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return try ZipBuilder.zip(files)
    }

    /// The lying zip: `host.json` declares `declared` bytes but inflates to `inflatedBytes` more.
    static func lyingSize(declared: UInt32 = 200, inflatedBytes: Int) throws -> Data {
        try LyingZip.make(files: SampleApps.hello, entry: "host.json", head: #"{"version": "2.0"}"#, padding: inflatedBytes, declared: declared)
    }

    static func manyFiles(_ count: Int) throws -> Data {
        var files = SampleApps.hello
        for index in 0..<count { files["HttpHello/f\(index).txt"] = "x" }
        return try ZipBuilder.zip(files)
    }

    /// Two entries with the same name: built with distinct names of equal length, then renamed in
    /// the raw bytes (local headers and central directory), which leaves the CRCs valid.
    static func duplicateNames() throws -> Data {
        var files = SampleApps.hello
        files["HttpHello/aaaa.txt"] = "first"
        files["HttpHello/bbbb.txt"] = "second"
        var zip = try ZipBuilder.zip(files)
        let from = Data("HttpHello/bbbb.txt".utf8)
        let to = Data("HttpHello/aaaa.txt".utf8)
        while let range = zip.range(of: from) { zip.replaceSubrange(range, with: to) }
        return zip
    }
}
