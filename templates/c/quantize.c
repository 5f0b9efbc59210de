/* The integer quantizer: x[i] is the raw value in fixed point, X = x * 2^@@MACRO@@_FRAC_BITS. Per
 * feature: code 0 below first, the top code from first - 1 + span on, else
 * floor((y * mul + add) / 2^@@SHIFT@@) with y = X - first + 1 (at most @@QMAX@@ * 2^@@SHIFT@@: no
 * overflow). The compiler fitted mul and add to the exact code thresholds of the reference
 * quantizer on this fixed-point grid, so q is exactly ref::quantize(X / 2^@@MACRO@@_FRAC_BITS). */
static const @@MACRO@@_ROM int64_t @@PREFIX@@_qx[@@MACRO@@_N_INPUTS][4] = { /* first, span, mul, add */
@@QX_ROWS@@
};
@@FIXUP_TABLES@@
void @@PREFIX@@_quantize_fixed(const int32_t x[@@MACRO@@_N_INPUTS], @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    size_t i;
    for (i = 0; i < @@MACRO@@_N_INPUTS; ++i) {
        int64_t y = (int64_t)x[i] - @@PREFIX@@_qx[i][0] + 1;
        if (y < 1) {
            q[i] = 0u;
        } else if (y >= @@PREFIX@@_qx[i][1]) {
            q[i] = @@QMAX@@u;
        } else {
            int64_t g = (y * @@PREFIX@@_qx[i][2] + @@PREFIX@@_qx[i][3]) >> @@SHIFT@@; /* y * mul + add >= 2^@@SHIFT@@ > 0 */
            q[i] = (@@INPUT_T@@)(g > @@QMAX@@ ? @@QMAX@@ : g);
        }
    }@@FIXUP_LOOP@@
}

#ifdef @@MACRO@@_FLOAT
/* The optional float helper (define @@MACRO@@_FLOAT to compile it in): the feature scaling of the
 * model, as doubles printed with 17 significant digits (exact round trip). */
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
#endif /* @@MACRO@@_FLOAT */
