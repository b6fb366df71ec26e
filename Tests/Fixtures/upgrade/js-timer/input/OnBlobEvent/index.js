module.exports = function (context, eventGridEvent) {
    context.log(eventGridEvent.subject);
    context.done();
};
