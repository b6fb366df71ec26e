// v2/v3 response helpers on context.res, synchronous function.
module.exports = function (context, req) {
  context.res.status(200).set('X-Legacy', '1').type('text/plain').send('legacy ok');
};
