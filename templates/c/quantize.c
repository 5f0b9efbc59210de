#ifndef @@MACRO@@_NO_FLOAT
/* The optional float helper (define @@MACRO@@_NO_FLOAT to compile it out): the feature scaling
 * of the model, as doubles printed with 17 significant digits (exact round trip). */
static const @@MACRO@@_ROM double @@PREFIX@@_lo[@@MACRO@@_N_INPUTS] = {
@@LO_ROWS@@
};
static const @@MACRO@@_ROM double @@PREFIX@@_step[@@MACRO@@_N_INPUTS] = {
@@STEP_ROWS@@
};

/* q[i] = clamp(round((x[i] - lo[i]) / step[i]), 0, @@QMAX@@), rounding half away from zero, computed in
 * double: identical to the reference for every finite x where double is IEEE binary64 and
 * evaluated without excess precision (FLT_EVAL_METHOD 0, no -ffast-math). -inf and NaN give 0,
 * +inf gives @@QMAX@@. No libm: round() is built from a truncation and an exact subtraction. */
void @@PREFIX@@_quantize(const float x[@@MACRO@@_N_INPUTS], @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    size_t i;
    for (i = 0; i < @@MACRO@@_N_INPUTS; ++i) {
        double t = ((double)x[i] - @@PREFIX@@_lo[i]) / @@PREFIX@@_step[i];
        if (!(t >= 0.0)) {
            q[i] = 0u; /* below the range, -inf or NaN */
        } else if (t >= @@QMAX@@.5) {
            q[i] = @@QMAX@@u; /* rounds above the top code, or +inf */
        } else {
            @@INPUT_T@@ whole = (@@INPUT_T@@)t; /* 0 <= t < @@QMAX@@.5: truncation is floor */
            q[i] = (@@INPUT_T@@)(whole + (t - (double)whole >= 0.5 ? 1u : 0u)); /* t - whole is exact */
        }
    }
}
#endif /* @@MACRO@@_NO_FLOAT */
