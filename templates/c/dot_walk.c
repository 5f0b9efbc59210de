/* Layer @@INDEX@@: z plus the weights w[j] of every set bit j of the packed activations in. */
static @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@WEIGHT_T@@ w[@@N_IN@@], const @@WORD_T@@ in[@@IN_WORDS@@])
{
    size_t k;
    for (k = 0; k < @@IN_WORDS@@u; ++k) {
        @@WORD_T@@ bits = in[k];
        const @@MACRO@@_ROM @@WEIGHT_T@@ *wk = &w[k * @@WORD_BITS@@u];
        while (bits != 0u) {
            if ((bits & 1u) != 0u) {
                z = (@@ACC_T@@)(z + *wk);
            }
            bits = (@@WORD_T@@)(bits >> 1);
            ++wk;
        }
    }
    return z;
}

