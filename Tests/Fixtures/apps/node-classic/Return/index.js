module.exports = async function (context, req) {
  return { status: 202, headers: { 'Content-Type': 'text/plain' }, body: `returned ${req.query.name || ''}`.trim() };
};
