module.exports = function (context, events) {
    context.log('Event Hub message:', events.length);
    context.done();
};
