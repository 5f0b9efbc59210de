/* Hidden layer @@INDEX@@: z + the inputs q[i] of one neuron's `add` indices - those of its `sub` indices. */
static @@MACRO@@_NOINLINE @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@INDEX_T@@ *i, @@COUNT_T@@ add, @@COUNT_T@@ sub,
                                         const @@INPUT_T@@ q[@@N_IN@@])
{
    for (; add != 0u; --add) {
        z = (@@ACC_T@@)(z + (@@ACC_T@@)q[*i++]);
    }
    for (; sub != 0u; --sub) {
        z = (@@ACC_T@@)(z - (@@ACC_T@@)q[*i++]);
    }
    return z;
}

/* Hidden layer @@INDEX@@: @@N_IN@@ quantized inputs -> @@N_OUT@@ threshold neurons with weights -1, 0 or 1 (no
 * multiply), packed into words. */
static void @@FUNCTION@@(const @@INPUT_T@@ q[@@N_IN@@], @@WORD_T@@ act[@@OUT_WORDS@@])
{
    const @@MACRO@@_ROM @@INDEX_T@@ *i = @@INDEX_TABLE@@;
    const @@MACRO@@_ROM @@COUNT_T@@ *c = &@@COUNT_TABLE@@[0][0];
    const @@MACRO@@_ROM @@BIAS_T@@ *b = @@BIAS_TABLE@@;
    @@WORD_T@@ word = 0u;
    @@WORD_T@@ bit = 1u;
    size_t n;
    for (n = @@N_OUT@@u; n != 0u; --n) {
        const @@COUNT_T@@ add = c[0];
        const @@COUNT_T@@ sub = c[1];
        if (@@FUNCTION@@_dot((@@ACC_T@@)*b++, i, add, sub, q) >= 0) {
            word = (@@WORD_T@@)(word | bit); /* the tie fires */
        }
        i += add;
        i += sub;
        c += 2;
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

