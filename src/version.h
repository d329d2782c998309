/*
 * version.h - the casetrail version string, from configure.ac.
 */
#ifndef CT_VERSION_H
#define CT_VERSION_H

#include "config.h"

#define CT_VERSION PACKAGE_VERSION

#endif
