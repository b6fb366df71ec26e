module.exports = function (context, myTimer) {
    var timeStamp = new Date().toISOString();
    if (myTimer.IsPastDue) {
        context.log('JavaScript is running late!');
    }
    context.log('Last run: ' + myTimer.ScheduleStatus.Last + ', next: ' + myTimer.ScheduleStatus.Next);
    context.log('JavaScript timer trigger function ran!', timeStamp);
    context.done();
};
