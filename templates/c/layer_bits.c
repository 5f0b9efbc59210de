/* Hidden layer @@INDEX@@: @@N_IN@@ packed activations -> @@N_OUT@@ threshold neurons (the tie fires). */
static void @@FUNCTION@@(const uint32_t in[@@IN_WORDS@@], uint32_t act[@@OUT_WORDS@@])
{
    size_t j;
    for (j = 0; j < @@OUT_WORDS@@u; ++j) {
        act[j] = 0u;
    }
    for (j = 0; j < @@N_OUT@@u; ++j) {
        if (@@FUNCTION@@_dot(@@BIAS_TABLE@@[j], @@WEIGHT_TABLE@@[j], in) >= 0) {
            act[j / 32u] |= (uint32_t)1u << (j % 32u);
        }
    }
}

