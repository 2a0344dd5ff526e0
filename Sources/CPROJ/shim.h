// PROJ: transformations (proj.h) and Karney's geodesics (geodesic.h).
#ifndef CONFLICTMAP_CPROJ_SHIM_H
#define CONFLICTMAP_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
