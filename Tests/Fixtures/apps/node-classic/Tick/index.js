module.exports = async function (context, myTimer) {
  context.log(`tick isPastDue=${myTimer.isPastDue} schedule=${JSON.stringify(myTimer.schedule)} legacy=${myTimer.IsPastDue} keys=${Object.keys(myTimer).sort().join(',')}`);
};
