module.exports = async function (context, req) {
  // ?as=text answers a string that looks like base64: it must arrive as the same text.
  if (req.query.as === 'text') return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'aGVsbG8=' };
  const reversed = Buffer.from(req.body).reverse();
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: reversed };
};
