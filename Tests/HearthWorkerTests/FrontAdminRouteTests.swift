import Foundation
import Testing

@testable import HearthWorker

/// Azure's admin route for running a function, as the front recognises it.
@Suite struct FrontAdminRouteTests {
    @Test func adminRouteNamesTheFunction() {
        #expect(FrontRouter.adminFunctionName("/admin/functions/Tick") == "Tick")
        #expect(FrontRouter.adminFunctionName("/Admin/Functions/Tick") == "Tick")
        #expect(FrontRouter.adminFunctionName("/admin/functions/My%2DJob") == "My-Job")
    }

    @Test func otherPathsAreNotTheAdminRoute() {
        #expect(FrontRouter.adminFunctionName("/api/admin/functions/Tick") == nil)
        #expect(FrontRouter.adminFunctionName("/admin/functions/") == nil)
        #expect(FrontRouter.adminFunctionName("/admin/functions/Tick/extra") == nil)
        #expect(FrontRouter.adminFunctionName("/admin/host/status") == nil)
        #expect(FrontRouter.adminFunctionName("/admin") == nil)
        #expect(FrontRouter.adminFunctionName("/admin/") == nil)
        #expect(FrontRouter.adminFunctionName("/adm\u{130}n/functions/Tick") == nil)
        #expect(FrontRouter.adminFunctionName("") == nil)
    }

    @Test func answersNameTheirInvocation() {
        let id = UUID()
        let reply = HTTPMessage(status: 200, headers: [("X-Hearth-Invocation-Id", "forged"), ("Content-Type", "text/plain")])
        let tagged = Invoker.tagged(reply, invocation: id)
        #expect(tagged.headers.filter { $0.name.lowercased() == "x-hearth-invocation-id" }.map(\.value) == [id.uuidString.lowercased()])
        #expect(tagged.headers.contains { $0.name == "Content-Type" })
    }
}
