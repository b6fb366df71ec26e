internal import Foundation
internal import HearthCore

extension UpgradeRule {
    /// Every rule, in fact-sheet order. Each appears in at least one fixture's golden report (see the tests).
    public static let all: [UpgradeRule] = framing + settings + host + function + javascript + csharpScript + classLibrary + behaviour

    static let framing: [UpgradeRule] = [
        .init("app.detected", "§7", "v1 detection signals and language"),
        .init("app.mixed-languages", "§5.3", "one language per app from 2.x"),
        .init("app.unsupported-language", "§0", "v1 experimental languages and .fsx have no 2.x+ runtime"),
        .init("app.up-to-date", "§0", "app already targets v4; nothing to change"),
    ]

    static let settings: [UpgradeRule] = [
        .init("settings.extension-version", "§1", "FUNCTIONS_EXTENSION_VERSION ~1 → ~4"),
        .init("settings.worker-runtime", "§1", "FUNCTIONS_WORKER_RUNTIME is required, one per app"),
        .init("settings.dashboard", "§1", "AzureWebJobsDashboard removed; use Application Insights"),
        .init("settings.storage", "§1", "AzureWebJobsStorage still required"),
        .init("settings.node-version", "§1", "WEBSITE_NODE_DEFAULT_VERSION 6.x → a v4-supported LTS"),
        .init("settings.site-config", "§1", "netFrameworkVersion v8.0 / linuxFxVersion on the Azure site"),
        .init("settings.secret-storage", "§1", "AzureWebJobsSecretStorageType files → blob; keys reset"),
        .init("settings.function-disabled", "§1", "function.json disabled → AzureWebJobs.<Fn>.Disabled"),
        .init("settings.host-id", "§1", "host.json id → AzureFunctionsWebHost__hostid"),
        .init("settings.jobhost-overrides", "§1", "AzureFunctionsJobHost__<path> overrides follow the host.json moves"),
        .init("settings.feature-flags", "§1", "AzureWebJobsFeatureFlags EnableProxies when proxies.json is kept"),
        .init("settings.sticky-versions", "§1", "WEBSITE_OVERRIDE_STICKY_EXTENSION_VERSIONS=0 for slot swaps"),
    ]

    static let host: [UpgradeRule] = [
        .init("host.version", "§2", "\"version\": \"2.0\" (a string) is mandatory"),
        .init("host.extension-bundle", "§2", "extension bundle for non-.NET apps"),
        .init("host.http", "§2", "http → extensions.http"),
        .init("host.queues", "§2", "queues → extensions.queues"),
        .init("host.queues.max-polling-interval", "§2", "queues.maxPollingInterval integer ms → TimeSpan string"),
        .init("host.queues.batch-size", "§2", "queues.batchSize maximum is 32"),
        .init("host.service-bus", "§2", "serviceBus → extensions.serviceBus (extension 5 names)"),
        .init("host.event-hub", "§2", "eventHub → extensions.eventHubs (extension 5 names)"),
        .init("host.document-db", "§2", "documentDB → extensions.cosmosDB"),
        .init("host.send-grid", "§2", "sendGrid → extensions.sendGrid"),
        .init("host.durable-task", "§2", "durableTask (Durable 1.x) → extensions.durableTask (Durable 2.x)"),
        .init("host.logger", "§2", "logger.categoryFilter → logging.logLevel"),
        .init("host.log-categories", "§2", "log category names changed (Function → Function.<Name>.User …)"),
        .init("host.tracing", "§2", "tracing removed; fileLoggingMode → logging.fileLoggingMode"),
        .init("host.application-insights", "§2", "applicationInsights.sampling → logging.applicationInsights.samplingSettings"),
        .init("host.id", "§2", "id is not used by the v2+ host"),
        .init("host.function-timeout", "§2", "functionTimeout defaults changed"),
        .init("host.http-defaults", "§2", "http throttle defaults changed on Consumption"),
        .init("host.unknown-key", "§2", "keys the v2+ host silently ignores"),
        .init("json.comments", "§2", "comments are accepted on input but not kept when a file is rewritten"),
    ]

    static let function: [UpgradeRule] = [
        .init("function.disabled", "§3", "\"disabled\" in function.json is ignored from 2.x"),
        .init("function.webhook-type", "§3", "httpTrigger webHookType removed"),
        .init("function.event-hub-path", "§3", "eventHub path → eventHubName"),
        .init("function.service-bus-access-rights", "§3", "serviceBus accessRights removed"),
        .init("function.document-db", "§3", "documentDB → cosmosDB (extension 4 names)"),
        .init("function.cosmos-db-trigger", "§3", "cosmosDBTrigger properties renamed (extension 4)"),
        .init("function.twilio", "§3", "twilioSms accountSid/authToken → *Setting; to set in code"),
        .init("function.removed-binding", "§3", "mobileTable / notificationHub have no 2.x+ binding"),
        .init("function.api-hub", "§3", "External File/Table (apiHub*) bindings removed"),
        .init("function.manual-trigger", "§3", "manualTrigger: invoke through the admin API"),
        .init("function.table-iqueryable", "§3", "table input bound to IQueryable<T> unsupported"),
        .init("function.extension-required", "§3", "non-HTTP/timer bindings come from extensions"),
        .init("function.event-grid-url", "§3", "Event Grid subscription URL and system key changed"),
        .init("function.http-204", "§3", "HTTP function without a response returns 204, not 200"),
    ]

    static let javascript: [UpgradeRule] = [
        .init("js.content-negotiation", "§4a", "HTTP responses are no longer content-negotiated"),
        .init("js.done-with-promise", "§4a", "context.done mixed with a promise is an error from 2.x"),
        .init("js.timer-camelcase", "§4a", "timer object properties are camelCase from 3.x"),
        .init("js.binding-data-req", "§4a", "context.bindingData.req removed in 3.x"),
        .init("js.event-hub-binary", "§4a", "Event Hub dataType binary delivers an array of binaries"),
        .init("js.output-serialization", "§4a", "output binding serialization changed in 4.x"),
        .init("js.node-version", "§4a", "package.json engines: Node ≥ 18"),
        .init("js.v4-model", "§4a", "Node v4 programming model is an optional, separate rewrite"),
    ]

    static let csharpScript: [UpgradeRule] = [
        .init("csx.trace-writer", "§4b", "TraceWriter → ILogger"),
        .init("csx.project-json", "§4b", "project.json → function.proj"),
        .init("csx.reference", "§4b", "#r references to .NET Framework / Web API assemblies"),
        .init("csx.web-api", "§4b", "Web API helpers → ASP.NET Core types"),
        .init("csx.in-process", "§4b", "C# script runs in-process (support ends 2026-11-10)"),
        .init("hearth.no-dotnet-worker", "§0", "Hearth has no .NET worker and refuses to deploy .NET apps"),
    ]

    static let classLibrary: [UpgradeRule] = [
        .init("csproj.not-sdk-style", "§4c", "project must be SDK-style to convert"),
        .init("csproj.target-framework", "§4c", "TargetFramework net4x → net8.0"),
        .init("csproj.functions-version", "§4c", "AzureFunctionsVersion v1 → v4"),
        .init("csproj.output-type", "§4c", "OutputType Exe"),
        .init("csproj.worker-packages", "§4c", "Microsoft.NET.Sdk.Functions → Worker + Worker.Sdk"),
        .init("csproj.extension-packages", "§4c", "WebJobs extensions → Worker extensions"),
        .init("csproj.removed-packages", "§4c", "packages without an isolated equivalent"),
        .init("csproj.using-alias", "§4c", "Using alias for System.Threading.ExecutionContext"),
        .init("csharp.program", "§4c", "Program.cs host builder"),
        .init("csharp.usings", "§4c", "WebJobs namespaces → Worker namespaces"),
        .init("csharp.function-attribute", "§4c", "[FunctionName] → [Function]"),
        .init("csharp.trace-writer", "§4c", "TraceWriter → ILogger from FunctionContext"),
        .init("csharp.http-types", "§4c", "HttpRequestMessage/HttpResponseMessage → HttpRequestData/HttpResponseData"),
        .init("csharp.execution-context", "§4c", "ExecutionContext → FunctionContext"),
        .init("csharp.return-attribute", "§4c", "[return: Queue] → [QueueOutput] on the method"),
        .init("csharp.binding-attribute", "§4c", "[Blob]/[Table]/[DocumentDB] → *Input/*Output"),
        .init("csharp.collector", "§4c", "ICollector/IAsyncCollector/out parameters → return values"),
        .init("csharp.binder", "§4c", "IBinder/Binder has no equivalent"),
        .init("csharp.custom-binding", "§4c", "custom bindings and extensions"),
        .init("csharp.storage-sdk", "§4c", "Microsoft.WindowsAzure.Storage → Azure.Storage.* / Azure.Data.Tables"),
        .init("csharp.startup", "§4c", "FunctionsStartup → Program.cs"),
        .init("csharp.disable-attribute", "§4c", "[Disable] → AzureWebJobs.<Fn>.Disabled"),
    ]

    static let behaviour: [UpgradeRule] = [
        .init("behaviour.keys", "§5.1", "function and host keys are reset (files → blob)"),
        .init("behaviour.logging", "§5.5", "Dashboard gone; categories and metrics changed"),
        .init("behaviour.host-id-collision", "§5.6", "apps sharing storage need distinct host ids"),
        .init("behaviour.proxies", "§5.8", "proxies.json is legacy and off in v4"),
        .init("behaviour.dotnet", "§5.9", ".NET: HttpClient not registered, sync I/O disabled"),
        .init("behaviour.platform", "§5.12", "v1 was Windows-only; Linux means a new app; Azure Stack Hub has no v4"),
    ]
}
