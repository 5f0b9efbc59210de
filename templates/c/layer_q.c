/* Hidden layer @@INDEX@@: @@N_IN@@ quantized inputs -> @@N_OUT@@ threshold neurons, packed into words. */
static void @@FUNCTION@@(const @@INPUT_T@@ q[@@N_IN@@], @@WORD_T@@ act[@@OUT_WORDS@@])
{
    const @@MACRO@@_ROM @@WEIGHT_T@@ *w = &@@WEIGHT_TABLE@@[0][0]; /* walks every row in turn */
    const @@MACRO@@_ROM @@BIAS_T@@ *b = @@BIAS_TABLE@@;
    @@WORD_T@@ word = 0u;
    @@WORD_T@@ bit = 1u;
    size_t n;
    for (n = @@N_OUT@@u; n != 0u; --n) {
        if (@@FUNCTION@@_dot((@@ACC_T@@)*b++, w, q) >= 0) {
            word = (@@WORD_T@@)(word | bit); /* the tie fires */
        }
        w += @@N_IN@@;
        bit = (@@WORD_T@@)(bit << 1);
        if (bit == 0u) { /* the word is full */
            *act++ = word;
            word = 0u;
            bit = 1u;
        }
    }
    if (bit != 1u) {
        *act = word; /* the last word, partly filled */
    }
}

