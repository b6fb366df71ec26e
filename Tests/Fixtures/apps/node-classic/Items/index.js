// Async style: everything the classic model gives an HTTP function, echoed back.
module.exports = async function (context, req) {
  context.log('items', req.params.id);
  context.log.warn('a warning');
  context.res = {
    status: 201,
    headers: { 'X-Node': 'yes' },
    body: {
      method: req.method,
      url: req.url,
      originalUrl: req.originalUrl,
      params: req.params,
      query: req.query,
      userAgent: req.headers['user-agent'],
      custom: req.headers['x-custom'],
      viaGet: req.get('X-Custom'),
      body: req.body,
      bodyType: typeof req.body,
      rawBody: req.rawBody,
      bindingReqIsReq: context.bindings.req === req,
      bindingDataId: context.bindingData.id,
      bindingDataQuery: context.bindingData.query,
      functionName: context.executionContext.functionName,
      invocationId: context.executionContext.invocationId === context.invocationId && context.invocationId.length > 0,
      cwd: process.cwd(),
      hearthEnv: Object.keys(process.env).filter((k) => k.startsWith('HEARTH_')),
    },
  };
};
