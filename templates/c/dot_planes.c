/* Layer @@INDEX@@: the number of set bits of plane AND in, over the @@IN_WORDS@@ word(s). */
static @@ACC_T@@ @@FUNCTION@@_count(const @@MACRO@@_ROM @@WORD_T@@ plane[@@IN_WORDS@@], const @@WORD_T@@ in[@@IN_WORDS@@])
{
    @@ACC_T@@ n = 0;
    size_t k;
    for (k = 0; k < @@IN_WORDS@@u; ++k) {
        n = (@@ACC_T@@)(n + (@@ACC_T@@)@@PREFIX@@_popcount((@@WORD_T@@)(plane[k] & in[k])));
    }
    return n;
}

/* Layer @@INDEX@@: z + sum_j w[j] a_j = z + sum_p (+-2^p) popcount(plane_p AND a), by Horner's rule
 * from the top plane (which counts negative) down: s = 2 s + count_p. */
static @@ACC_T@@ @@FUNCTION@@_dot(@@ACC_T@@ z, const @@MACRO@@_ROM @@WORD_T@@ w[@@PLANES@@][@@IN_WORDS@@], const @@WORD_T@@ in[@@IN_WORDS@@])
{
    @@ACC_T@@ s = (@@ACC_T@@)-@@FUNCTION@@_count(w[@@TOP@@], in);
    size_t p;
    for (p = @@TOP@@u; p > 0u; --p) {
        s = (@@ACC_T@@)(s + s + @@FUNCTION@@_count(w[p - 1u], in));
    }
    return (@@ACC_T@@)(z + s);
}

