// Callback style of v1/v2 apps: no promise, context.done() with the outputs.
module.exports = function (context, req) {
  context.log('done style for', req.query.name);
  setTimeout(() => {
    context.done(null, { res: { status: 200, body: `done ${req.query.name}` } });
  }, 10);
};
