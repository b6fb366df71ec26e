// Accepted by v1 hosts: an async function that also calls context.done(). Hearth runs it and warns.
module.exports = async function (context, req) {
  context.res = { body: 'mixed' };
  context.done();
};
