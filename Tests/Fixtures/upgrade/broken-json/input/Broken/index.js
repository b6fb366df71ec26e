module.exports = function (context, req) { context.done(); };
