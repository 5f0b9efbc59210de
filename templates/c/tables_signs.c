/* @@TITLE@@: the @@NONZEROS@@ nonzero weights of [@@N_OUT@@][@@N_IN@@], all +1 or -1, as lists of input indices,
 * neuron after neuron: the inputs of weight +1, then those of weight -1, each in order; per neuron
 * the two counts (added, subtracted). Then biases. */
static const @@MACRO@@_ROM @@INDEX_T@@ @@INDEX_TABLE@@[@@LIST_SIZE@@] = {
@@INDEX_ROWS@@
};
static const @@MACRO@@_ROM @@COUNT_T@@ @@COUNT_TABLE@@[@@N_OUT@@][2] = {
@@COUNT_ROWS@@
};
static const @@MACRO@@_ROM @@BIAS_T@@ @@BIAS_TABLE@@[@@N_OUT@@] = {
@@BIAS_ROWS@@
};

