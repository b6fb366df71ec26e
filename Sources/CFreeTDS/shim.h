#ifndef HEARTH_CFREETDS_SHIM_H
#define HEARTH_CFREETDS_SHIM_H
// FreeTDS db-lib (Debian freetds-dev; no pkg-config file, so the module map links "sybdb" by name).
#include <sybfront.h>
#include <sybdb.h>
#include <string.h>

/// UNIQUEIDENTIFIER's db-lib type code (tds.h's SYBUNIQUE, 0x24), which sybdb.h does not declare.
enum { HEARTH_SYBUNIQUE = 36 };

// db-lib's LOGINREC setters are macros over dbsetlname/dbsetlbool (sybdb.h), which Swift cannot
// import; these inline functions are the same calls with a name Swift can see.
// https://www.freetds.org/reference/a00283.html

static inline RETCODE hearth_dbsetluser(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETUSER); }
static inline RETCODE hearth_dbsetlpwd(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETPWD); }
static inline RETCODE hearth_dbsetlapp(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETAPP); }
static inline RETCODE hearth_dbsetlhost(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETHOST); }
static inline RETCODE hearth_dbsetlcharset(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETCHARSET); }
static inline RETCODE hearth_dbsetldbname(LOGINREC *login, const char *value) { return dbsetlname(login, value, DBSETDBNAME); }
/// UTF-16 (not UCS-2) for NVARCHAR, so characters outside the BMP survive the round trip.
static inline RETCODE hearth_dbsetlutf16(LOGINREC *login, int value) { return dbsetlbool(login, value, DBSETUTF16); }
static inline RETCODE hearth_dbsetlversion(LOGINREC *login, BYTE version) { return dbsetlversion(login, version); }

/// `dbopen` is a macro; 1 selects Microsoft db-lib behaviour (an error handler's INT_EXIT never exits the process).
static inline DBPROCESS *hearth_dbopen(LOGINREC *login, const char *server) { return tdsdbopen(login, server, 1); }

/// DBDATETIMEALL has bit fields; build and read it in C. `time` is in 100 ns units since midnight,
/// `date` in days since 1900-01-01 (FreeTDS's convention; negative before 1900).
static inline DBDATETIMEALL hearth_datetimeall(DBUBIGINT time, DBINT date) {
    DBDATETIMEALL value;
    memset(&value, 0, sizeof value);
    value.time = time;
    value.date = date;
    value.time_prec = 7;
    value.has_time = 1;
    value.has_date = 1;
    return value;
}
static inline DBUBIGINT hearth_datetimeall_time(const DBDATETIMEALL *value) { return value->time; }
static inline DBINT hearth_datetimeall_date(const DBDATETIMEALL *value) { return value->date; }
static inline int hearth_datetimeall_size(void) { return (int) sizeof(DBDATETIMEALL); }

#endif
