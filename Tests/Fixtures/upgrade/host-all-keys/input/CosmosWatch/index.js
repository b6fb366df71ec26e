module.exports = function (context, documents) {
    context.log('Documents modified', documents.length);
    context.done();
};
