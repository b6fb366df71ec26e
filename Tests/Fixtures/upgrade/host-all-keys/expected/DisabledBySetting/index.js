module.exports = async function (context, item) {
    context.log('item', item);
};
