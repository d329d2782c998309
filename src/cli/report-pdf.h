/*
 * report-pdf.h - the report as PDF, printed by headless Chromium
 * (report-pdf.c).
 */
#ifndef CT_REPORT_PDF_H
#define CT_REPORT_PDF_H

#include "casedb.h"
#include "error.h"

/*
 * Write the HTML report of c to a temporary directory and have headless
 * Chromium print it to out_path (a file name; "-" is refused). Returns
 * CT_OK, CT_ERR_USAGE, CT_ERR_IO (no Chromium, or it printed nothing that
 * starts with %PDF; out_path is then removed) or a report writer's error.
 */
enum ct_status ct_report_pdf(struct ct_case *c, const char *out_path,
    struct ct_error *err);

#endif
