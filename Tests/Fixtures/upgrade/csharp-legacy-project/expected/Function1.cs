using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;

namespace Legacy
{
    public static class Function1
    {
        [FunctionName("Function1")]
        public static void Run([TimerTrigger("0 */5 * * * *")] TimerInfo myTimer, TraceWriter log)
        {
            log.Info("tick");
        }
    }
}
