/* @@TITLE@@: weights [@@N_OUT@@][@@N_IN@@] (row = neuron, column = input), then biases. */
static const @@MACRO@@_ROM @@WEIGHT_T@@ @@WEIGHT_TABLE@@[@@N_OUT@@][@@N_IN@@] = {
@@WEIGHT_ROWS@@
};
static const @@MACRO@@_ROM @@BIAS_T@@ @@BIAS_TABLE@@[@@N_OUT@@] = {
@@BIAS_ROWS@@
};

