module.exports = async function (context, req) {
  const body = req.body;
  context.res = { body: { isBuffer: Buffer.isBuffer(body), length: body.length, hex: body.toString('hex') } };
};
