/* @@TITLE@@: the @@NONZEROS@@ nonzero weights of [@@N_OUT@@][@@N_IN@@] as lists, neuron after neuron, inputs
 * in order: per term the input index and the weight; per neuron its number of terms. Then biases. */
static const @@MACRO@@_ROM @@INDEX_T@@ @@INDEX_TABLE@@[@@LIST_SIZE@@] = {
@@INDEX_ROWS@@
};
static const @@MACRO@@_ROM @@WEIGHT_T@@ @@WEIGHT_TABLE@@[@@LIST_SIZE@@] = {
@@WEIGHT_ROWS@@
};
static const @@MACRO@@_ROM @@COUNT_T@@ @@COUNT_TABLE@@[@@N_OUT@@] = {
@@COUNT_ROWS@@
};
static const @@MACRO@@_ROM @@BIAS_T@@ @@BIAS_TABLE@@[@@N_OUT@@] = {
@@BIAS_ROWS@@
};

