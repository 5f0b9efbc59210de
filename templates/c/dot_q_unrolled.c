/* Hidden layer @@INDEX@@: z + sum_i w[i] q[i] over one row of weights, two terms per step (for few
 * inputs: inlined, the compiler can keep q in registers across the neurons). */
static @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@WEIGHT_T@@ *w, const @@INPUT_T@@ *x)
{
    size_t i;
    for (i = @@N_IN@@u / 2u; i != 0u; --i) {
        z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)w[0] * (@@PROD_T@@)x[0]));
        z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)w[1] * (@@PROD_T@@)x[1]));
        w += 2;
        x += 2;
    }
    if (@@N_IN@@u % 2u != 0u) {
        z = (@@ACC_T@@)(z + (@@PROD_T@@)((@@PROD_T@@)*w * (@@PROD_T@@)*x));
    }
    return z;
}

