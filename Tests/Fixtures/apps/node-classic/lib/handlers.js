exports.named = async function (context, request) {
  context.bindings.response = { body: `named entry point, ${request.query.who || 'nobody'}` };
};
exports.other = function () { throw new Error('not this one'); };
