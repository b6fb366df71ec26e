#r "Newtonsoft.Json"
#r "System.Web.Http"
#r "Microsoft.ServiceBus"

using System.Net;
using Microsoft.ServiceBus.Messaging;

public static async Task<HttpResponseMessage> Run(HttpRequestMessage req, TraceWriter log)
{
    log.Info("C# HTTP trigger function processed a request.");
    string name = req.GetQueryNameValuePairs()
        .FirstOrDefault(q => string.Compare(q.Key, "name", true) == 0)
        .Value;
    try
    {
        dynamic data = await req.Content.ReadAsAsync<object>();
        name = name ?? data?.name;
    }
    catch (Exception ex)
    {
        log.Error("Could not read the body", ex);
    }
    log.Verbose("name is " + name);
    return name == null
        ? req.CreateResponse(HttpStatusCode.BadRequest, "Please pass a name")
        : req.CreateResponse(HttpStatusCode.OK, "Hello " + name);
}
