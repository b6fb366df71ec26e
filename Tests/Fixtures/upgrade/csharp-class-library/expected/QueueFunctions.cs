using System.IO;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.ServiceBus.Messaging;
using Microsoft.WindowsAzure.Storage.Table;

namespace V1Functions
{
    public static class QueueFunctions
    {
        [Function("ProcessOrder")]
        [QueueOutput("processed-orders")]
        public static string ProcessOrder(
            [QueueTrigger("orders")] string order,
            [BlobInput("templates/{queueTrigger}")] Stream template,
            [Queue("audit")] ICollector<string> audit,
            FunctionContext context,
            FunctionContext functionContext)
        {
            var log = functionContext.GetLogger("ProcessOrder");
            log.LogInformation($"Processing {order} in {context.FunctionDirectory}");
            audit.Add(order);
            return order;
        }

        [Disable("FANOUT_DISABLED")]
        [Function("Fanout")]
        public static void Fanout(
            [ServiceBusTrigger("orders", Connection = "ServiceBusConnection")] string message,
            [TableInput("orders")] CloudTable table,
            IBinder binder,
            [MyCustom("x")] string custom,
            out string result,
            FunctionContext functionContext)
        {
            var log = functionContext.GetLogger("Fanout");
            log.LogWarning("fan-out " + message);
            result = message;
        }
    }
}
