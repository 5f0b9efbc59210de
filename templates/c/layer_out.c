/* Output layer: @@N_IN@@ packed activations -> @@N_OUT@@ integer scores. */
static void @@FUNCTION@@(const @@WORD_T@@ in[@@IN_WORDS@@], @@ACC_T@@ scores[@@N_OUT@@])
{
    size_t c;
    for (c = 0; c < @@N_OUT@@u; ++c) {
        scores[c] = @@FUNCTION@@_dot(@@BIAS_TABLE@@[c], @@WEIGHT_TABLE@@[c], in);
    }
}

