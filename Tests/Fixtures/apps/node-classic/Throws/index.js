module.exports = async function (context, req) {
  context.log('about to fail');
  throw new Error('kaboom from node');
};
