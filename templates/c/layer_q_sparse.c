/* Hidden layer @@INDEX@@: z + the sum of w * q[i] over the n (input index, weight) terms of one neuron. */
static @@MACRO@@_NOINLINE @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@INDEX_T@@ *i, const @@MACRO@@_ROM @@WEIGHT_T@@ *w,
                                         @@COUNT_T@@ n, const @@INPUT_T@@ q[@@N_IN@@])
{
    for (; n != 0u; --n) {
        z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)*w++ * (@@PROD_T@@)q[*i++]));
    }
    return z;
}

/* Hidden layer @@INDEX@@: @@N_IN@@ quantized inputs -> @@N_OUT@@ threshold neurons from sparse rows, packed into words. */
static void @@FUNCTION@@(const @@INPUT_T@@ q[@@N_IN@@], @@WORD_T@@ act[@@OUT_WORDS@@])
{
    const @@MACRO@@_ROM @@INDEX_T@@ *i = @@INDEX_TABLE@@;
    const @@MACRO@@_ROM @@WEIGHT_T@@ *w = @@WEIGHT_TABLE@@;
    const @@MACRO@@_ROM @@COUNT_T@@ *c = @@COUNT_TABLE@@;
    const @@MACRO@@_ROM @@BIAS_T@@ *b = @@BIAS_TABLE@@;
    @@WORD_T@@ word = 0u;
    @@WORD_T@@ bit = 1u;
    size_t n;
    for (n = @@N_OUT@@u; n != 0u; --n) {
        const @@COUNT_T@@ terms = *c++;
        if (@@FUNCTION@@_dot((@@ACC_T@@)*b++, i, w, terms, q) >= 0) {
            word = (@@WORD_T@@)(word | bit); /* the tie fires */
        }
        i += terms;
        w += terms;
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

