module.exports = function (context, input) {
    context.bindings.record = { text: input };
    context.done();
};
