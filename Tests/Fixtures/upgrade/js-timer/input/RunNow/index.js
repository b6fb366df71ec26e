module.exports = function (context, input) {
    context.log('Manually triggered with', input);
    context.done();
};
