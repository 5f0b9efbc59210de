/* Accumulator of sums that need 17 to 24 bits: avr-gcc's 24-bit integer where it has one (the
 * 8-bit core then adds 3 bytes instead of 4), int32_t everywhere else. */
#if defined(__AVR__) && defined(__INT24_MAX__)
__extension__ typedef __int24 @@PREFIX@@_acc24;
#else
typedef int32_t @@PREFIX@@_acc24;
#endif

