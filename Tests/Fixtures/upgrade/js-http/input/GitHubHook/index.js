module.exports = function (context, data) {
    context.log('GitHub WebHook triggered!', data.comment.body);
    context.log('Original request:', context.bindingData.req.originalUrl);
    context.done();
};
