module.exports = function (context, order) {
    context.bindings.orderDocument = order;
    context.bindings.notification = { id: order.id };
    context.bindings.message = { body: "Order " + order.id };
    context.bindings.audit = order;
    context.done();
};
