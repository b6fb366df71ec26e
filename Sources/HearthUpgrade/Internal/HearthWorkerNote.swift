internal import Foundation

/// The report step for an app upgraded to a .NET model: Hearth has no .NET worker, so it refuses to
/// deploy the upgraded app; it runs in Azure Functions (or another host with the .NET worker).
enum HearthWorkerNote {
    /// Adds the step once per plan (the builder drops an identical step).
    /// - Parameters:
    ///   - workerRuntime: The `FUNCTIONS_WORKER_RUNTIME` the upgraded app has (`dotnet-isolated`, `dotnet`).
    ///   - model: The model, as the report names it ("the .NET isolated worker model").
    static func add(workerRuntime: String, model: String, _ b: PlanBuilder) {
        b.step(
            .warning,
            "hearth.no-dotnet-worker",
            file: nil,
            line: nil,
            "Hearth cannot run the upgraded app: it has no worker for \(model) (FUNCTIONS_WORKER_RUNTIME=\(workerRuntime)) and refuses "
                + "to deploy it; Hearth runs Python, Node.js and custom handler apps.",
            fix: "Run the upgraded app in Azure Functions, or port its functions to Python, Node.js or a custom handler "
                + "to run them on Hearth."
        )
    }
}
