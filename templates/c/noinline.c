/* Keeps a dot product out of line, in a function of its own: avr-gcc allocates registers for the
 * small loop far better there than inlined into the layer's loop. Only a hint to the compiler. */
#ifndef @@MACRO@@_NOINLINE
#if defined(__GNUC__)
#define @@MACRO@@_NOINLINE __attribute__((noinline))
#else
#define @@MACRO@@_NOINLINE
#endif
#endif

