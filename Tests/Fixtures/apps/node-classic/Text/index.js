module.exports = async function (context, req) {
  context.res = { headers: { 'Content-Type': 'text/plain' }, body: `${typeof req.body}:${req.body.toUpperCase()}` };
};
