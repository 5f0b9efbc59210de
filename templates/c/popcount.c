/* Number of set bits of a word: portable SWAR (pairs, nibbles, bytes), no compiler builtins. */
static @@WORD_T@@ @@PREFIX@@_popcount(@@WORD_T@@ x)
{
    x = (@@WORD_T@@)(x - ((x >> 1) & @@M55@@u));
    x = (@@WORD_T@@)((x & @@M33@@u) + ((x >> 2) & @@M33@@u));
    x = (@@WORD_T@@)((x + (x >> 4)) & @@M0F@@u);
@@FOLD@@    return x;
}

