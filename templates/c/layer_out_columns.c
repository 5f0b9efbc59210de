/* Output layer: @@N_IN@@ packed activations -> @@N_OUT@@ integer scores. Each set bit is walked once and
 * adds its row of the transposed table (its weight in every score) to the scores. */
static void @@FUNCTION@@(const @@WORD_T@@ in[@@IN_WORDS@@], @@ACC_T@@ scores[@@N_OUT@@])
{
    size_t k;
    size_t c;
    for (c = 0; c < @@N_OUT@@u; ++c) {
        scores[c] = @@BIAS_TABLE@@[c];
    }
    for (k = 0; k < @@IN_WORDS@@u; ++k) {
        @@WORD_T@@ bits = in[k];
        const @@MACRO@@_ROM @@WEIGHT_T@@ *wk = @@WEIGHT_TABLE@@[k * @@WORD_BITS@@u];
        while (bits != 0u) {
            if ((bits & 1u) != 0u) {
                for (c = 0; c < @@N_OUT@@u; ++c) {
                    scores[c] = (@@ACC_T@@)(scores[c] + wk[c]);
                }
            }
            bits = (@@WORD_T@@)(bits >> 1);
            wk += @@N_OUT@@;
        }
    }
}

