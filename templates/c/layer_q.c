/* Hidden layer @@INDEX@@: @@N_IN@@ quantized inputs -> @@N_OUT@@ threshold neurons, packed into words. */
static void @@FUNCTION@@(const @@INPUT_T@@ q[@@N_IN@@], uint32_t act[@@OUT_WORDS@@])
{
    size_t j;
    size_t i;
    for (j = 0; j < @@OUT_WORDS@@u; ++j) {
        act[j] = 0u;
    }
    for (j = 0; j < @@N_OUT@@u; ++j) {
        const @@WEIGHT_T@@ *w = @@WEIGHT_TABLE@@[j];
        @@ACC_T@@ z = @@BIAS_TABLE@@[j];
        for (i = 0; i < @@N_IN@@u; ++i) {
            z += (@@ACC_T@@)w[i] * (@@ACC_T@@)q[i];
        }
        if (z >= 0) {
            act[j / 32u] |= (uint32_t)1u << (j % 32u);
        }
    }
}

