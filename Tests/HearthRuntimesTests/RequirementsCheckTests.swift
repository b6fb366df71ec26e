import Foundation
import Testing

@testable import HearthRuntimes

/// What a deployer's requirements.txt may say before pip runs on the management host.
@Suite struct RequirementsCheckTests {
    let folder = URL(fileURLWithPath: "/srv/build/app")

    @Test func packageNamesVersionsExtrasMarkersAndShippedWheelsPass() throws {
        try RequirementsBuilder.check(
            requirements: """
                # a comment
                requests==2.31.0
                azure-functions>=1.10,<2  # trailing comment
                pydantic[email]~=2.0 ; python_version >= "3.8"
                numpy \\
                    ==1.26.4

                ./wheels/greetlib-1.0-py3-none-any.whl
                wheels/other-2.0-py3-none-any.whl
                """,
            in: folder
        )
    }

    @Test(arguments: [
        "-r /etc/shadow", "--index-url http://mirror.evil/simple", "--no-binary :all:", "-e git+https://x/y.git#egg=y", "-c constraints.txt",
        "--extra-index-url=http://x", "-f http://x", "--trusted-host x",
    ])
    func pipOptionsAreRefused(_ line: String) {
        #expect(throws: RuntimeError.self) { try RequirementsBuilder.check(requirements: "requests\n\(line)\n", in: folder) }
    }

    @Test(arguments: [
        "pkg @ https://example.com/pkg-1.0.tar.gz", "git+https://github.com/a/b.git", "https://example.com/x-1.0-py3-none-any.whl",
        "../outside/x-1.0-py3-none-any.whl", "/tmp/x-1.0-py3-none-any.whl", "./src/package", "~/x-1.0-py3-none-any.whl",
    ])
    func urlsDirectReferencesAndOutsidePathsAreRefused(_ line: String) {
        #expect(throws: RuntimeError.self) { try RequirementsBuilder.check(requirements: line, in: folder) }
    }

    @Test func theErrorNamesTheLineAndTheFix() {
        do {
            try RequirementsBuilder.check(requirements: "requests\n\n--index-url http://mirror.evil/simple\n", in: folder)
            Issue.record("accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("line 3"))
            #expect(text.contains("pip options are not accepted"))
            #expect(text.contains("deploy again"))
        }
    }
}
