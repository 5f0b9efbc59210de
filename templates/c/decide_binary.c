/* The class: 1 iff score 0 >= 0 (a zero score is class 1), else 0. */
int @@PREFIX@@_predict(const @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    @@SCORE_T@@ scores[@@MACRO@@_N_SCORES];
    @@PREFIX@@_scores(q, scores);
    return scores[0] >= 0 ? 1 : 0;
}
