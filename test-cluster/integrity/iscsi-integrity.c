// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Integrity initiator for the tgt-ha lab (libiscsi C API).
 *
 *   iscsi-integrity write URL BLOCKS SECONDS ACKLOG NONCE
 *       Writes numbered 4 KiB blocks round robin over BLOCKS blocks of the LUN for SECONDS, one WRITE(16) at a time.
 *       A block's sequence number goes to ACKLOG only after the target acknowledged the write (SCSI status GOOD), so
 *       ACKLOG lists exactly the acknowledged writes. Failed writes are retried with the same sequence number; a
 *       UNIT ATTENTION (the first command on a new I_T nexus, after each failover) is counted apart, not as a failure.
 *       libiscsi reconnects by itself when the connection breaks (failover). CHAP comes from LIBISCSI_CHAP_USERNAME /
 *       LIBISCSI_CHAP_PASSWORD in the environment, never from the command line.
 *   iscsi-integrity verify IMAGE BLOCKS ACKLOG NONCE
 *       Reads the LUN's backing file and checks every acknowledged write: the block must hold that write or a later
 *       one (a write in flight at the end may have landed without its acknowledgement), intact (checksum).
 *       Prints "acked=N blocks_checked=N lost=N torn=N" and exits 1 when anything was lost or torn.
 *
 * Block layout: "TGTHAINT", nonce, seq, index (u64 each, little endian), payload derived from seq, FNV-1a-64 of all
 * preceding bytes in the last 8 bytes.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#define BLOCK 4096
#define SECTOR 512

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    return h;
}

static void put64(unsigned char *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static uint64_t get64(const unsigned char *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = (v << 8) | p[i]; return v; }

static void fill(unsigned char *b, uint64_t nonce, uint64_t seq, uint64_t index) {
    memcpy(b, "TGTHAINT", 8);
    put64(b + 8, nonce);
    put64(b + 16, seq);
    put64(b + 24, index);
    for (size_t j = 32; j < BLOCK - 8; j++) b[j] = (unsigned char)(seq * 31 + j);
    put64(b + BLOCK - 8, fnv1a(b, BLOCK - 8));
}

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static int do_write(const char *url_text, uint64_t blocks, double seconds, const char *acklog, uint64_t nonce) {
    struct iscsi_context *iscsi = iscsi_create_context("iqn.2026-01.io.tgtha.lab:integrity");
    if (iscsi == NULL) { fprintf(stderr, "iscsi-integrity: cannot create a context\n"); return 2; }
    struct iscsi_url *url = iscsi_parse_full_url(iscsi, url_text);
    if (url == NULL) { fprintf(stderr, "iscsi-integrity: bad URL: %s\n", iscsi_get_error(iscsi)); return 2; }
    iscsi_set_targetname(iscsi, url->target);
    iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
    iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE_CRC32C);
    if (url->user[0] != '\0') iscsi_set_initiator_username_pwd(iscsi, url->user, url->passwd);
    iscsi_set_reconnect_max_retries(iscsi, 1000000);
    if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) {
        fprintf(stderr, "iscsi-integrity: login failed: %s\n", iscsi_get_error(iscsi));
        return 3;
    }
    FILE *log = fopen(acklog, "a");
    if (log == NULL) { fprintf(stderr, "iscsi-integrity: %s: %s\n", acklog, strerror(errno)); return 2; }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    unsigned char *buf = malloc(BLOCK);
    uint64_t seq = 0, failures = 0, unit_attentions = 0;
    double end = now() + seconds;
    while (!stop_requested && now() < end) {
        uint64_t index = seq % blocks;
        fill(buf, nonce, seq, index);
        struct scsi_task *task = iscsi_write16_sync(iscsi, url->lun, index * (BLOCK / SECTOR), buf, BLOCK, SECTOR,
                                                    0, 0, 0, 0, 0);
        if (task != NULL && task->status == SCSI_STATUS_GOOD) {
            fprintf(log, "%llu\n", (unsigned long long)seq);
            fflush(log);
            seq++;
        } else if (task != NULL && task->status == SCSI_STATUS_CHECK_CONDITION
                   && task->sense.key == SCSI_SENSE_UNIT_ATTENTION) {
            /* the first command on a new I_T nexus reports "power on or reset" (SPC): after a failover the LUN is a
               new one to this initiator. Every initiator retries it at once (the Linux midlayer does); not an error */
            unit_attentions++;
        } else if (stop_requested) {
            break;   /* the write the signal interrupted: not acknowledged, and no failure of the target's */
        } else {
            failures++;
            if (task == NULL)
                fprintf(stderr, "iscsi-integrity: write seq %llu failed: %s\n", (unsigned long long)seq,
                        iscsi_get_error(iscsi));
            else
                fprintf(stderr, "iscsi-integrity: write seq %llu failed: SCSI status 0x%02x, sense %s / %s\n",
                        (unsigned long long)seq, task->status, scsi_sense_key_str(task->sense.key),
                        scsi_sense_ascq_str(task->sense.ascq));
            usleep(100000);   /* the same seq again: it was not acknowledged */
        }
        if (task != NULL) scsi_free_scsi_task(task);
    }
    fclose(log);
    printf("acked=%llu failed_attempts=%llu unit_attentions=%llu\n", (unsigned long long)seq,
           (unsigned long long)failures, (unsigned long long)unit_attentions);
    iscsi_logout_sync(iscsi);
    iscsi_destroy_url(url);
    iscsi_destroy_context(iscsi);
    return 0;
}

static int do_verify(const char *image, uint64_t blocks, const char *acklog, uint64_t nonce) {
    uint64_t *last = calloc(blocks, sizeof *last);
    unsigned char *seen = calloc(blocks, 1);
    FILE *log = fopen(acklog, "r");
    if (last == NULL || seen == NULL || log == NULL) { fprintf(stderr, "iscsi-integrity: cannot read %s\n", acklog); return 2; }
    unsigned long long s;
    uint64_t acked = 0;
    while (fscanf(log, "%llu", &s) == 1) {
        uint64_t index = s % blocks;
        if (!seen[index] || s > last[index]) last[index] = s;
        seen[index] = 1;
        acked++;
    }
    fclose(log);
    FILE *img = fopen(image, "rb");
    if (img == NULL) { fprintf(stderr, "iscsi-integrity: %s: %s\n", image, strerror(errno)); return 2; }
    unsigned char b[BLOCK];
    uint64_t checked = 0, lost = 0, torn = 0;
    for (uint64_t i = 0; i < blocks; i++) {
        if (!seen[i]) continue;
        checked++;
        if (fseeko(img, (off_t)(i * BLOCK), SEEK_SET) != 0 || fread(b, 1, BLOCK, img) != BLOCK) { lost++; continue; }
        if (memcmp(b, "TGTHAINT", 8) != 0 || get64(b + 8) != nonce || get64(b + 24) != i) {
            lost++;
            if (lost <= 5) fprintf(stderr, "block %llu: acknowledged seq %llu missing\n", (unsigned long long)i, (unsigned long long)last[i]);
            continue;
        }
        if (get64(b + BLOCK - 8) != fnv1a(b, BLOCK - 8)) { torn++; continue; }
        if (get64(b + 16) < last[i]) {
            lost++;
            if (lost <= 5) fprintf(stderr, "block %llu: holds seq %llu, acknowledged seq %llu\n", (unsigned long long)i,
                                   (unsigned long long)get64(b + 16), (unsigned long long)last[i]);
        }
    }
    fclose(img);
    printf("acked=%llu blocks_checked=%llu lost=%llu torn=%llu\n", (unsigned long long)acked,
           (unsigned long long)checked, (unsigned long long)lost, (unsigned long long)torn);
    return (lost || torn) ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc == 7 && strcmp(argv[1], "write") == 0)
        return do_write(argv[2], strtoull(argv[3], NULL, 10), atof(argv[4]), argv[5], strtoull(argv[6], NULL, 10));
    if (argc == 6 && strcmp(argv[1], "verify") == 0)
        return do_verify(argv[2], strtoull(argv[3], NULL, 10), argv[4], strtoull(argv[5], NULL, 10));
    fprintf(stderr, "usage: iscsi-integrity write URL BLOCKS SECONDS ACKLOG NONCE\n"
                    "       iscsi-integrity verify IMAGE BLOCKS ACKLOG NONCE\n");
    return 2;
}
