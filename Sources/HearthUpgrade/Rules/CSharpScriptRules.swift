internal import Foundation
internal import HearthCore

/// Fact sheet §4b as tables: TraceWriter calls, `#r` references, and Web API helpers.
enum CSharpScriptRules {
    /// `TraceWriter` method → `ILogger` method.
    static let logCalls: [(from: String, to: String)] = [
        ("Info", "LogInformation"), ("Verbose", "LogTrace"), ("Warning", "LogWarning"), ("Error", "LogError"),
    ]

    /// `#r` assemblies that belonged to the v1 (.NET Framework / Web API) host, by prefix.
    static let references: [(prefix: String, severity: ManualStep.Severity, fix: String)] = [
        ("System.Web.Http", .warning, "Remove it; use ASP.NET Core types (HttpRequest, IActionResult)."),
        ("System.Net.Http.Formatting", .warning, "Remove it; read bodies with System.Text.Json or Newtonsoft.Json."),
        ("Microsoft.ServiceBus", .blocking, "Replace BrokeredMessage code with Azure.Messaging.ServiceBus (ServiceBusReceivedMessage)."),
        ("Microsoft.AspNet.WebHooks", .warning, "WebHook receivers are gone; validate signatures in code."),
        ("Microsoft.Azure.NotificationHubs", .warning, "Use the Notification Hubs SDK directly; there is no binding in 2.x+."),
        ("Microsoft.WindowsAzure.Storage", .warning, "Use Azure.Storage.Blobs / Azure.Storage.Queues / Azure.Data.Tables types."),
    ]

    /// Web API helpers that do not exist on ASP.NET Core types.
    static let webAPIHelpers = ["CreateResponse(", "CreateErrorResponse(", "GetQueryNameValuePairs(", "ReadAsAsync"]
}
