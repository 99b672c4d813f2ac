// The version of the library actually loaded, from include/povmon/version.h.
#include "povmon/povmon.h"

extern "C" {

POVMON_API int povmon_version_number(void) { return POVMON_VERSION_NUMBER; }

POVMON_API const char* povmon_version_string(void) {
  return POVMON_VERSION_STRING;
}

}  // extern "C"
