/* Benchmark driver, one source for the ATmega328P (run in simavr) and the host (run under
 * callgrind). It includes "bench_glue.h", written by bench.py for one model, which names the
 * model's functions and holds the vectors, and runs up to three phases:
 *   MODEL_PREDICT: per quantized vector q: mark, predict(q), mark, then scores(q) and the class
 *                  are emitted so the runner can compare them with the reference;
 *   MODEL_QUANTIZE: per float row x: mark, quantize(x, q), mark, then q is emitted;
 *   MODEL_FLOAT_PREDICT (the float MLP): per float row x: mark, predict(x), mark, class emitted.
 * On AVR a mark is a write to GPIOR0 and emitted bytes go to GPIOR1 (GPIOR2 ends a record):
 * simavr_run.c timestamps the marks with the simulator's cycle counter. The first two marks have
 * nothing between them and measure the marking overhead. On the host, records go to stdout. */
#include <stdint.h>

#ifdef __AVR__
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#define BENCH_ROM const __flash
#define BARRIER() __asm__ __volatile__("" ::: "memory")
#define MARK() do { BARRIER(); GPIOR0 = 1; BARRIER(); } while (0)
#define EMIT(b) (GPIOR1 = (uint8_t)(b))
#define END_RECORD() (GPIOR2 = 1)
#else
#include <stdio.h>
#define BENCH_ROM const
#define MARK() ((void)0)
#define EMIT(b) printf("%02x", (unsigned)(uint8_t)(b))
#define END_RECORD() printf("\n")
#endif

#include "bench_glue.h"

static void emit_int(int64_t v)
{
    uint64_t u = (uint64_t)v;
    uint8_t k;
    for (k = 0; k < 8; ++k) {
        EMIT(u & 0xffu);
        u >>= 8;
    }
}

int main(void)
{
    uint8_t k;
    uint16_t n;
    MARK();
    MARK();
#ifdef MODEL_PREDICT
    for (n = 0; n < N_Q; ++n) {
        MODEL_INPUT_T q[MODEL_N_IN];
        MODEL_SCORE_T s[MODEL_N_SCORES];
        volatile int cls;
        for (k = 0; k < MODEL_N_IN; ++k) {
            q[k] = vec_q[n][k];
        }
        MARK();
        cls = MODEL_PREDICT(q);
        MARK();
        MODEL_SCORES(q, s);
        emit_int(cls);
        for (k = 0; k < MODEL_N_SCORES; ++k) {
            emit_int(s[k]);
        }
        END_RECORD();
    }
#endif
#ifdef MODEL_QUANTIZE
    for (n = 0; n < N_X; ++n) {
        float x[MODEL_N_IN];
        MODEL_INPUT_T q[MODEL_N_IN];
        for (k = 0; k < MODEL_N_IN; ++k) {
            x[k] = vec_x[n][k];
        }
        MARK();
        MODEL_QUANTIZE(x, q);
        MARK();
        for (k = 0; k < MODEL_N_IN; ++k) {
            emit_int(q[k]);
        }
        END_RECORD();
    }
#endif
#ifdef MODEL_FLOAT_PREDICT
    for (n = 0; n < N_X; ++n) {
        float x[MODEL_N_IN];
        volatile int cls;
        for (k = 0; k < MODEL_N_IN; ++k) {
            x[k] = vec_x[n][k];
        }
        MARK();
        cls = MODEL_FLOAT_PREDICT(x);
        MARK();
        emit_int(cls);
        END_RECORD();
    }
#endif
#ifdef __AVR__
    cli();
    sleep_enable();
    sleep_cpu(); /* sleeping with interrupts off: simavr stops the simulation */
#endif
    return 0;
}
