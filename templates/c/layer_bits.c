/* Hidden layer @@INDEX@@: @@N_IN@@ packed activations -> @@N_OUT@@ threshold neurons (the tie fires). */
static void @@FUNCTION@@(const @@WORD_T@@ in[@@IN_WORDS@@], @@WORD_T@@ act[@@OUT_WORDS@@])
{
    size_t j = 0;
    size_t k;
    size_t n;
    for (k = 0; k < @@OUT_WORDS@@u; ++k) {
        @@WORD_T@@ word = 0u;
        @@WORD_T@@ bit = 1u;
        for (n = k + 1u < @@OUT_WORDS@@u ? @@WORD_BITS@@u : @@N_OUT@@u - k * @@WORD_BITS@@u; n != 0u; --n) {
            if (@@FUNCTION@@_dot(@@BIAS_TABLE@@[j], @@WEIGHT_TABLE@@[j], in) >= 0) {
                word = (@@WORD_T@@)(word | bit);
            }
            bit = (@@WORD_T@@)(bit << 1);
            ++j;
        }
        act[k] = word;
    }
}

