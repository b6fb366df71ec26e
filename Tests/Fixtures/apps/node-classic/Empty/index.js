module.exports = async function (context, req) {
  context.log('nothing to say');
};
