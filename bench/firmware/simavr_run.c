/* Runs an ATmega328P ELF in simavr (cycle-accurate) and prints what the benchmark driver
 * (driver.c) reports: "t <cycles>" for each pair of marks (writes to GPIOR0), the cycle count
 * between them, and "d <hex bytes>" for each record (bytes written to GPIOR1, ended by a write to
 * GPIOR2). Exit 0 when the firmware stopped cleanly, 1 when it crashed or ran past the cycle
 * limit, 2 on a usage or load error.
 * Build: cc simavr_run.c $(pkg-config --cflags --libs simavr) -lelf -o simavr_run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_avr.h"
#include "sim_elf.h"

enum { GPIOR0_ADDR = 0x3e, GPIOR1_ADDR = 0x4a, GPIOR2_ADDR = 0x4b };

static avr_cycle_count_t mark_at;
static int marks;
static char record[4096];
static size_t record_len;

static void on_mark(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
    (void)addr;
    (void)v;
    (void)param;
    if (marks++ % 2 == 0) {
        mark_at = avr->cycle;
    } else {
        printf("t %llu\n", (unsigned long long)(avr->cycle - mark_at));
    }
}

static void on_byte(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
    (void)avr;
    (void)addr;
    (void)param;
    if (record_len + 3 < sizeof record) {
        snprintf(record + record_len, 3, "%02x", v);
        record_len += 2;
    }
}

static void on_end(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
    (void)avr;
    (void)addr;
    (void)v;
    (void)param;
    printf("d %s\n", record);
    record_len = 0;
    record[0] = '\0';
}

int main(int argc, char **argv)
{
    elf_firmware_t fw;
    avr_t *avr;
    int state = cpu_Running;
    unsigned long long limit = argc > 2 ? strtoull(argv[2], NULL, 10) : 4000000000ull;
    if (argc < 2) {
        fprintf(stderr, "usage: simavr_run <firmware.elf> [cycle limit]\n");
        return 2;
    }
    memset(&fw, 0, sizeof fw);
    if (elf_read_firmware(argv[1], &fw) != 0) {
        fprintf(stderr, "simavr_run: cannot read %s\n", argv[1]);
        return 2;
    }
    avr = avr_make_mcu_by_name("atmega328p");
    if (avr == NULL) {
        fprintf(stderr, "simavr_run: simavr has no atmega328p\n");
        return 2;
    }
    avr_init(avr);
    avr->frequency = 16000000;
    avr->log = LOG_ERROR;
    avr_load_firmware(avr, &fw);
    avr_register_io_write(avr, GPIOR0_ADDR, on_mark, NULL);
    avr_register_io_write(avr, GPIOR1_ADDR, on_byte, NULL);
    avr_register_io_write(avr, GPIOR2_ADDR, on_end, NULL);
    while (state != cpu_Done && state != cpu_Crashed && avr->cycle < limit) {
        state = avr_run(avr);
    }
    fflush(stdout);
    if (state != cpu_Done) {
        fprintf(stderr, "simavr_run: %s after %llu cycles\n", state == cpu_Crashed ? "crashed" : "cycle limit reached",
                (unsigned long long)avr->cycle);
        return 1;
    }
    return 0;
}
