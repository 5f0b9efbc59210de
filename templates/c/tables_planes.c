/* @@TITLE@@: the weights as @@PLANES@@ two's complement bit planes [@@N_OUT@@][@@PLANES@@][@@IN_WORDS@@]:
 * bit j % @@WORD_BITS@@ of word j / @@WORD_BITS@@ of plane p is bit p of weight j (plane @@TOP@@ counts -2^@@TOP@@). */
static const @@MACRO@@_ROM @@WORD_T@@ @@WEIGHT_TABLE@@[@@N_OUT@@][@@PLANES@@][@@IN_WORDS@@] = {
@@PLANE_ROWS@@
};
static const @@MACRO@@_ROM @@BIAS_T@@ @@BIAS_TABLE@@[@@N_OUT@@] = {
@@BIAS_ROWS@@
};

