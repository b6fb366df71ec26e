#ifndef HEARTH_CLIBXML2_SHIM_H
#define HEARTH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include the system's
 * <unicode/ucnv.h>. Swift's Foundation carries its own ICU module (_FoundationICU) whose UErrorCode
 * differs, and clang refuses both definitions in one compilation. Hearth never touches
 * xmlCharEncodingHandler (only pointers to it, which libxml2 allocates), whose two trailing ICU
 * pointer fields are all this macro controls, so hiding ICU from the headers is safe. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#endif
