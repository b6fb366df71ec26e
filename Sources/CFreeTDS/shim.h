#ifndef HEARTH_CFREETDS_SHIM_H
#define HEARTH_CFREETDS_SHIM_H
// FreeTDS db-lib (Debian freetds-dev; no pkg-config file, so the module map links "sybdb" by name).
#include <sybfront.h>
#include <sybdb.h>
#endif
