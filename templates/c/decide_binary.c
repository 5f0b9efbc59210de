int @@PREFIX@@_predict(const @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    @@SCORE_T@@ scores[@@MACRO@@_N_SCORES];
    @@PREFIX@@_scores(q, scores);
    return scores[0] >= 0 ? 1 : 0;
}
