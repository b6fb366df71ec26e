module.exports = async function (context, req) {
    context.log('HTTP trigger function processed a request.');
    const name = req.query.name || (req.body && req.body.name);
    const user = await lookup(name);
    context.res = {
        body: { greeting: "Hello " + user }
    };
    context.done();
};

function lookup(name) {
    return new Promise(resolve => setTimeout(() => resolve(name || "world"), 1));
}
