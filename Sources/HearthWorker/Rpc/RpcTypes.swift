// Short names for the generated FunctionRpc messages (Generated/FunctionRpc.pb.swift).
typealias RpcMessage = AzureFunctionsRpcMessages_StreamingMessage
typealias RpcTypedData = AzureFunctionsRpcMessages_TypedData
typealias RpcHTTP = AzureFunctionsRpcMessages_RpcHttp
typealias RpcLogMessage = AzureFunctionsRpcMessages_RpcLog
typealias RpcStatusResult = AzureFunctionsRpcMessages_StatusResult
typealias RpcInvocationRequest = AzureFunctionsRpcMessages_InvocationRequest
typealias RpcInvocationResponse = AzureFunctionsRpcMessages_InvocationResponse
typealias RpcFunctionLoadRequest = AzureFunctionsRpcMessages_FunctionLoadRequest
typealias RpcBindingInfo = AzureFunctionsRpcMessages_BindingInfo
typealias RpcParameterBinding = AzureFunctionsRpcMessages_ParameterBinding

extension RpcStatusResult {
    /// The worker's failure as one line: the exception's message, else the result text.
    var failureText: String {
        let message = exception.message.isEmpty ? result : exception.message
        return message.isEmpty ? "the worker reported a failure without a message" : message
    }

    /// The failure as the Azure host writes it (its `RpcException`).
    var azureFailure: AzureFailure {
        AzureFailure.rpc(message: exception.message, stackTrace: exception.stackTrace)
    }
}
