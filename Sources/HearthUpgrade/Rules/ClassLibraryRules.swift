internal import Foundation
internal import HearthCore

/// Fact sheet §4c as tables: packages, attributes, namespaces and the code that needs a person.
enum ClassLibraryRules {
    /// The isolated-worker core packages (versions current when this table was written; see the report's info step).
    static let workerPackages: [(String, String)] = [
        ("Microsoft.Azure.Functions.Worker", "2.0.0"),
        ("Microsoft.Azure.Functions.Worker.Sdk", "2.0.0"),
        ("Microsoft.ApplicationInsights.WorkerService", "2.22.0"),
        ("Microsoft.Azure.Functions.Worker.ApplicationInsights", "2.0.0"),
    ]

    static let httpPackage = ("Microsoft.Azure.Functions.Worker.Extensions.Http", "3.2.0")
    static let timerPackage = ("Microsoft.Azure.Functions.Worker.Extensions.Timer", "4.3.1")

    /// A v1 package (matched by lowercased prefix) and what replaces it.
    struct PackageRule {
        var prefix: String
        var replacements: [(String, String)]
        var rule: String
        var step: (severity: ManualStep.Severity, message: String, fix: String)?
    }

    static let packages: [PackageRule] = [
        .init(prefix: "microsoft.net.sdk.functions", replacements: workerPackages, rule: "csproj.worker-packages"),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.storage",
            replacements: [
                ("Microsoft.Azure.Functions.Worker.Extensions.Storage.Blobs", "6.6.0"),
                ("Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues", "5.5.0"),
                ("Microsoft.Azure.Functions.Worker.Extensions.Tables", "1.4.2"),
            ],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.documentdb",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.CosmosDB", "4.11.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.cosmosdb",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.CosmosDB", "4.11.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.servicebus",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.ServiceBus", "5.22.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.servicebus",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.ServiceBus", "5.22.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.eventhubs",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.EventHubs", "6.3.5")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.eventhubs",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.EventHubs", "6.3.5")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.eventgrid",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.EventGrid", "3.4.2")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.signalrservice",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.SignalRService", "1.14.1")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.durabletask",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.DurableTask", "1.2.2")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.sendgrid",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.SendGrid", "3.1.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.kafka",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.Kafka", "4.0.0")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.rabbitmq",
            replacements: [("Microsoft.Azure.Functions.Worker.Extensions.RabbitMQ", "2.0.3")],
            rule: "csproj.extension-packages"
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.twilio",
            replacements: [],
            rule: "csproj.removed-packages",
            step: (
                .blocking,
                "Twilio has no isolated-worker extension.", "Send SMS with the Twilio SDK (Twilio package) from code."
            )
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.mobileapps",
            replacements: [],
            rule: "csproj.removed-packages",
            step: (
                .blocking,
                "Mobile Apps bindings do not exist after 1.x.", "Call the service's SDK from code."
            )
        ),
        .init(
            prefix: "microsoft.azure.webjobs.extensions.notificationhubs",
            replacements: [],
            rule: "csproj.removed-packages",
            step: (
                .blocking,
                "Notification Hubs bindings do not exist after 1.x.", "Use Microsoft.Azure.NotificationHubs directly."
            )
        ),
        .init(
            prefix: "microsoft.azure.functions.extensions",
            replacements: [],
            rule: "csproj.removed-packages",
            step: (
                .warning,
                "Microsoft.Azure.Functions.Extensions (FunctionsStartup) is in-process only.", "Register services in Program.cs."
            )
        ),
        .init(
            prefix: "microsoft.azure.webjobs",
            replacements: [],
            rule: "csproj.removed-packages",
            step: (
                .warning,
                "WebJobs packages cannot be referenced by an isolated-worker project.",
                "Find the Microsoft.Azure.Functions.Worker.Extensions.* equivalent, if any."
            )
        ),
    ]

    /// `[return: X(` → `[XOutput(` and `[X(` parameter → `[XInput(`.
    static let returnAttributes: [String: String] = [
        "Queue": "QueueOutput", "ServiceBus": "ServiceBusOutput", "Blob": "BlobOutput", "Table": "TableOutput",
        "EventHub": "EventHubOutput", "DocumentDB": "CosmosDBOutput", "CosmosDB": "CosmosDBOutput",
        "EventGrid": "EventGridOutput", "SendGrid": "SendGridOutput",
    ]
    static let inputAttributes: [String: String] = [
        "Blob": "BlobInput", "Table": "TableInput", "DocumentDB": "CosmosDBInput", "CosmosDB": "CosmosDBInput",
    ]
    /// Attribute properties renamed with the Cosmos DB extension 4.
    static let cosmosProperties: [(String, String)] = [
        ("ConnectionStringSetting", "Connection"), ("CollectionName", "ContainerName"),
        ("LeaseCollectionName", "LeaseContainerName"), ("LeaseConnectionStringSetting", "LeaseConnection"),
        ("CreateLeaseCollectionIfNotExists", "CreateLeaseContainerIfNotExists"),
    ]

    /// Attributes a v1 function signature may carry that the upgrade understands.
    static let knownAttributes: Set<String> = Set<String>([
        "FunctionName", "Function", "HttpTrigger", "TimerTrigger", "QueueTrigger", "BlobTrigger", "ServiceBusTrigger",
        "EventHubTrigger", "EventGridTrigger", "CosmosDBTrigger", "DocumentDBTrigger", "Queue", "Blob", "Table", "DocumentDB",
        "CosmosDB", "ServiceBus", "EventHub", "SendGrid", "TwilioSms", "Disable", "StorageAccount", "ServiceBusAccount",
        "Singleton", "Timeout", "OrchestrationTrigger", "ActivityTrigger", "OrchestrationClient",
    ]).union(returnAttributes.values).union(inputAttributes.values)

    /// `using` lines: WebJobs namespace → isolated namespace (`nil` removes the line).
    static let usings: [(from: String, to: String?)] = [
        ("using Microsoft.Azure.WebJobs.Extensions.Http;", "using Microsoft.Azure.Functions.Worker.Http;"),
        ("using Microsoft.Azure.WebJobs.Host;", "using Microsoft.Extensions.Logging;"),
        ("using Microsoft.Azure.WebJobs;", "using Microsoft.Azure.Functions.Worker;"),
    ]

    /// Code patterns that need a person: (needle, rule, severity, message, fix).
    static let manual: [(needle: String, rule: String, severity: ManualStep.Severity, message: String, fix: String)] = [
        (
            "ICollector<", "csharp.collector", .blocking, "ICollector<T> has no isolated-worker equivalent.",
            "Return the items instead: an array from the function with an *Output attribute, or a multi-output POCO."
        ),
        (
            "IAsyncCollector<", "csharp.collector", .blocking, "IAsyncCollector<T> has no isolated-worker equivalent.",
            "Return the items instead: an array from the function with an *Output attribute, or a multi-output POCO."
        ),
        (
            "IBinder", "csharp.binder", .blocking, "IBinder (imperative binding) has no isolated-worker equivalent.",
            "Inject the Azure SDK client (BlobServiceClient, QueueClient …) through Program.cs and use it directly."
        ),
        (
            "Binder binder", "csharp.binder", .blocking, "Binder (imperative binding) has no isolated-worker equivalent.",
            "Inject the Azure SDK client through Program.cs and use it directly."
        ),
        (
            "IExtensionConfigProvider", "csharp.custom-binding", .blocking, "A custom WebJobs binding extension cannot run in the isolated worker.",
            "Rewrite it as an isolated-worker extension (WorkerExtensionStartup) or replace it with SDK calls."
        ),
        (
            "[Binding]", "csharp.custom-binding", .blocking, "A custom binding attribute cannot run in the isolated worker.",
            "Replace it with SDK calls from the function."
        ),
        (
            "Microsoft.WindowsAzure.Storage", "csharp.storage-sdk", .blocking,
            "Microsoft.WindowsAzure.Storage types do not bind in the isolated worker.",
            "Use Azure.Storage.Blobs / Azure.Storage.Queues / Azure.Data.Tables (BlobClient, QueueClient, TableClient)."
        ),
        (
            "CloudBlockBlob", "csharp.storage-sdk", .blocking, "CloudBlockBlob does not bind in the isolated worker.",
            "Bind BlobClient (Azure.Storage.Blobs) instead."
        ),
        (
            "CloudTable", "csharp.storage-sdk", .blocking, "CloudTable does not bind in the isolated worker.",
            "Bind TableClient (Azure.Data.Tables) instead."
        ),
        (
            "IQueryable<", "function.table-iqueryable", .blocking, "Table input bound to IQueryable<T> is not supported.",
            "Bind TableClient and query it."
        ),
        (
            "FunctionsStartup", "csharp.startup", .warning, "FunctionsStartup is in-process only.",
            "Move the service registrations into Program.cs (ConfigureServices)."
        ),
        (
            "[Disable", "csharp.disable-attribute", .warning, "[Disable] is not honoured by the isolated worker.",
            "Use the app setting AzureWebJobs.<Function>.Disabled=true."
        ),
        (
            "FunctionDirectory", "csharp.execution-context", .warning, "ExecutionContext.FunctionDirectory has no FunctionContext equivalent.",
            "Use AppContext.BaseDirectory or a setting."
        ),
        (
            "FunctionAppDirectory", "csharp.execution-context", .warning, "ExecutionContext.FunctionAppDirectory has no FunctionContext equivalent.",
            "Use AppContext.BaseDirectory or a setting."
        ),
    ]

    /// HTTP helpers of Web API that `HttpRequestData`/`HttpResponseData` do not have.
    static let webAPIHelpers = [
        "new HttpResponseMessage", "GetQueryNameValuePairs(", "ReadAsAsync", "CreateErrorResponse(", "Content.ReadAsStringAsync",
    ]

    static func isFunctionsProject(_ text: String) -> Bool {
        text.contains("Microsoft.NET.Sdk.Functions") || text.contains("AzureFunctionsVersion") || text.contains("Microsoft.Azure.Functions.Worker")
    }

    /// Why a csproj is a v1 (or in-process) project, with a needle to find its line.
    static func v1Evidence(_ text: String) -> (needle: String, message: String)? {
        if let match = text.firstMatch(of: #/<AzureFunctionsVersion>\s*(v[123])\s*</#) {
            return ("<AzureFunctionsVersion>", "AzureFunctionsVersion is \(match.output.1)")
        }
        if text.contains("Microsoft.NET.Sdk.Functions") {
            return ("Microsoft.NET.Sdk.Functions", "the project references Microsoft.NET.Sdk.Functions (in-process / v1 SDK)")
        }
        if let match = text.firstMatch(of: #/<TargetFrameworks?>\s*(net4\d+)/#), !text.contains("Microsoft.Azure.Functions.Worker") {
            return ("<TargetFramework", "the project targets .NET Framework (\(match.output.1))")
        }
        return nil
    }
}
