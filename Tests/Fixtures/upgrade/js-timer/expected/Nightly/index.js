module.exports = function (context, myTimer) {
    var timeStamp = new Date().toISOString();
    if (myTimer.isPastDue) {
        context.log('JavaScript is running late!');
    }
    context.log('Last run: ' + myTimer.scheduleStatus.last + ', next: ' + myTimer.scheduleStatus.next);
    context.log('JavaScript timer trigger function ran!', timeStamp);
    context.done();
};
