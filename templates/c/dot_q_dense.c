/* Hidden layer @@INDEX@@: z + sum_i w[i] q[i] over one row of weights, one term per step. */
static @@MACRO@@_NOINLINE @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@WEIGHT_T@@ *w, const @@INPUT_T@@ *x)
{
    size_t i;
    for (i = @@N_IN@@u; i != 0u; --i) {
        z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)*w++ * (@@PROD_T@@)*x++));
    }
    return z;
}

