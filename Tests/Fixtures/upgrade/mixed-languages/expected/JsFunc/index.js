module.exports = function (context, item) { context.done(); };
