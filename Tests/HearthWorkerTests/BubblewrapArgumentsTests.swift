import Foundation
import Testing

@testable import HearthWorker

/// The bwrap command line: namespaces, what is mounted, environment, path rewriting.
@Suite struct BubblewrapArgumentsTests {
    let spec = ProcessSpec(
        executable: "/data/worker/packages/abc/handler",
        arguments: ["/data/worker/packages/abc/main.py", "/data/worker/runtime/w.js", "--flag"],
        environment: ["FUNCTIONS_APP_ROOT_PATH": "/data/worker/packages/abc", "PORT": "1234"],
        workingDirectory: "/data/worker/packages/abc/sub",
        appRoot: "/data/worker/packages/abc",
        label: "My_App",
        mounts: [.init(source: "/data/worker/runtime", destination: "/opt/hearth/runtime")]
    )

    @Test func namespacesMountsAndEnvironment() {
        let args = BubblewrapArguments.make(spec: spec, extraReadOnlyPaths: ["/opt/extra"], infoFD: 3, blockFD: 4)
        let line = args.joined(separator: " ")
        for flag in ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session", "--clearenv"] {
            #expect(args.contains(flag), "\(flag)")
        }
        #expect(args.contains("--unshare-net"), "each sandbox has a network of its own")
        let shared = BubblewrapArguments.make(spec: spec, extraReadOnlyPaths: [], infoFD: 3, blockFD: 4, isolateNetwork: false)
        #expect(!shared.contains("--unshare-net") && !shared.contains("--unshare-all"), "--shared-network: the host's network")
        #expect(line.contains("--ro-bind /usr /usr"))
        #expect(line.contains("--ro-bind /data/worker/packages/abc /home/site/wwwroot"))
        #expect(line.contains("--ro-bind /data/worker/runtime /opt/hearth/runtime"))
        #expect(line.contains("--ro-bind-try /opt/extra /opt/extra"))
        #expect(line.contains("--size \(64 << 20) --tmpfs /tmp"))
        #expect(line.contains("--chdir /home/site/wwwroot/sub"))
        #expect(line.contains("--setenv FUNCTIONS_APP_ROOT_PATH /home/site/wwwroot --setenv PORT 1234"))
        #expect(line.contains("--info-fd 3 --block-fd 4"))
        #expect(line.contains("--hostname my-app"))
        #expect(line.hasSuffix("-- /home/site/wwwroot/handler /home/site/wwwroot/main.py /opt/hearth/runtime/w.js --flag"))
        // Nothing of the data directory but the app and the runtime mount.
        #expect(!args.contains { $0.hasPrefix("/data") && $0 != "/data/worker/packages/abc" && $0 != "/data/worker/runtime" })
    }

    @Test func rewriteOnlyTouchesPathsBelowTheMounts() {
        #expect(BubblewrapArguments.rewrite("/data/worker/packages/abcdef", spec: spec) == "/data/worker/packages/abcdef")
        #expect(BubblewrapArguments.rewrite("/data/worker/packages/abc", spec: spec) == "/home/site/wwwroot")
        #expect(BubblewrapArguments.rewrite("python3", spec: spec) == "python3")
    }
}

/// bwrap's arguments travel in a memory file, not on its command line.
@Suite struct BubblewrapArgumentsFileTests {
    @Test func argumentsAreNULSeparatedAndReadFromTheStart() throws {
        let file = try BubblewrapArgumentsFile.make(["--setenv", "DB_PASSWORD", "s3cret value", "--", "/bin/true"])
        defer { file.close() }
        let fd = file.descriptor
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &bytes, bytes.count)
        #expect(String(decoding: bytes[0..<count], as: UTF8.self) == "--setenv\0DB_PASSWORD\0s3cret value\0--\0/bin/true\0")
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0, "never inherited by other children")
    }
}
