let Run(item: string, log: TraceWriter) = log.Info(item)
