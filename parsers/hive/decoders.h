/*
 * decoders.h - the registry artefact decoders (parsers/hive/dec-*.c),
 * one function per family, each listed in ct_reg_decoders[] with the
 * hive and key paths it reads (reg-decoders.c). Each is a pure function
 * of the key view: it emits artefacts through ct_reg_emit_artefact() and
 * damage through ct_batch_warn(), and keeps no pointer into the view.
 * doc/schema.md lists the kinds they write.
 */
#ifndef CT_HIVE_DECODERS_H
#define CT_HIVE_DECODERS_H

#include "reg-view.h"

/* dec-shimcache.c: AppCompatCache, XP to 11 */
void ct_dec_shimcache(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-amcache.c */
void ct_dec_amcache_file(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_amcache_program(const struct ct_reg_key_view *k,
    struct ct_batch *b);
void ct_dec_amcache_old_file(const struct ct_reg_key_view *k,
    struct ct_batch *b);
/* dec-bam.c: BAM and DAM, per user SID */
void ct_dec_bam(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-runkeys.c, dec-services.c, dec-tasks.c, dec-uninstall.c */
void ct_dec_run_key(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_service(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_service_dll(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_task_cache(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_task_tree(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_uninstall(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-userassist.c */
void ct_dec_userassist(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-mru.c: RecentDocs, RunMRU, TypedPaths, TypedURLs, WordWheelQuery */
void ct_dec_recent_docs(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_run_mru(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_typed(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_word_wheel(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-system.c: computer name, time zone, profile list */
void ct_dec_computer_name(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_time_zone(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_profile(const struct ct_reg_key_view *k, struct ct_batch *b);
/* dec-sam.c: local accounts and the machine SID */
void ct_dec_sam_user(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_sam_name(const struct ct_reg_key_view *k, struct ct_batch *b);
void ct_dec_sam_domain(const struct ct_reg_key_view *k, struct ct_batch *b);

#endif
