/* Layer @@INDEX@@: z plus the weights w[j] of every set bit j of the packed activations in. */
static @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@WEIGHT_T@@ w[@@N_IN@@], const uint32_t in[@@IN_WORDS@@])
{
    size_t k;
    for (k = 0; k < @@IN_WORDS@@u; ++k) {
        uint32_t bits = in[k];
        const @@WEIGHT_T@@ *wk = &w[k * 32u];
        while (bits != 0u) {
            if ((bits & 1u) != 0u) {
                z += *wk;
            }
            bits >>= 1;
            ++wk;
        }
    }
    return z;
}

