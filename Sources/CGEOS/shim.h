// The GEOS C API, reentrant functions only (see shapely's geos.h).
// GEOS_USE_ONLY_R_API hides every non-reentrant entry point, so nothing in
// this package can touch GEOS's global, thread-unsafe handle by accident.
#ifndef CONFLICTMAP_CGEOS_SHIM_H
#define CONFLICTMAP_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
