/* The prediction of a regressor: the integer score of target 0, exactly; the caller maps it to
 * y = @@MACRO@@_TARGET_OFFSET_0 + @@MACRO@@_TARGET_STEP_0 * score (see @@HEADER@@). */
@@SCORE_T@@ @@PREFIX@@_predict(const @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    @@SCORE_T@@ scores[@@MACRO@@_N_SCORES];
    @@PREFIX@@_scores(q, scores);
    return scores[0];
}
