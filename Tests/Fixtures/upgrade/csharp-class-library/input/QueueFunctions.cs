using System.IO;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.ServiceBus.Messaging;
using Microsoft.WindowsAzure.Storage.Table;

namespace V1Functions
{
    public static class QueueFunctions
    {
        [FunctionName("ProcessOrder")]
        [return: Queue("processed-orders")]
        public static string ProcessOrder(
            [QueueTrigger("orders")] string order,
            [Blob("templates/{queueTrigger}", FileAccess.Read)] Stream template,
            [Queue("audit")] ICollector<string> audit,
            ExecutionContext context,
            TraceWriter log)
        {
            log.Info($"Processing {order} in {context.FunctionDirectory}");
            audit.Add(order);
            return order;
        }

        [Disable("FANOUT_DISABLED")]
        [FunctionName("Fanout")]
        public static void Fanout(
            [ServiceBusTrigger("orders", AccessRights.Manage, Connection = "ServiceBusConnection")] string message,
            [Table("orders")] CloudTable table,
            IBinder binder,
            [MyCustom("x")] string custom,
            out string result,
            TraceWriter log)
        {
            log.Warning("fan-out " + message);
            result = message;
        }
    }
}
