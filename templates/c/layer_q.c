/* Hidden layer @@INDEX@@: @@N_IN@@ quantized inputs -> @@N_OUT@@ threshold neurons, packed into words. */
static void @@FUNCTION@@(const @@INPUT_T@@ q[@@N_IN@@], @@WORD_T@@ act[@@OUT_WORDS@@])
{
    const @@MACRO@@_ROM @@WEIGHT_T@@ *w = &@@WEIGHT_TABLE@@[0][0]; /* walks every row in turn */
    const @@MACRO@@_ROM @@BIAS_T@@ *b = @@BIAS_TABLE@@;
    size_t k;
    size_t n;
    size_t i;
    for (k = 0; k < @@OUT_WORDS@@u; ++k) {
        @@WORD_T@@ word = 0u;
        @@WORD_T@@ bit = 1u;
        for (n = k + 1u < @@OUT_WORDS@@u ? @@WORD_BITS@@u : @@N_OUT@@u - k * @@WORD_BITS@@u; n != 0u; --n) {
            const @@INPUT_T@@ *x = q;
            @@ACC_T@@ z = *b++;
            for (i = @@N_IN@@u / 2u; i != 0u; --i) { /* two terms per step: half the loop overhead */
                z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)w[0] * (@@PROD_T@@)x[0]));
                z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)w[1] * (@@PROD_T@@)x[1]));
                w += 2;
                x += 2;
            }
            if (@@N_IN@@u % 2u != 0u) {
                z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)*w++ * (@@PROD_T@@)*x));
            }
            if (z >= 0) {
                word = (@@WORD_T@@)(word | bit); /* the tie fires */
            }
            bit = (@@WORD_T@@)(bit << 1);
        }
        act[k] = word;
    }
}

