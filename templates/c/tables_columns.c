/* @@TITLE@@: weights transposed, [@@N_IN@@][@@N_OUT@@] (row = hidden neuron, column = score), then biases. */
static const @@MACRO@@_ROM @@WEIGHT_T@@ @@WEIGHT_TABLE@@[@@N_IN@@][@@N_OUT@@] = {
@@WEIGHT_ROWS@@
};
static const @@MACRO@@_ROM @@BIAS_T@@ @@BIAS_TABLE@@[@@N_OUT@@] = {
@@BIAS_ROWS@@
};

