/* The class: the index of the highest score; a tie goes to the lowest index. */
int @@PREFIX@@_predict(const @@INPUT_T@@ q[@@MACRO@@_N_INPUTS])
{
    @@SCORE_T@@ scores[@@MACRO@@_N_SCORES];
    size_t c;
    size_t best = 0;
    @@PREFIX@@_scores(q, scores);
    for (c = 1; c < @@MACRO@@_N_SCORES; ++c) {
        if (scores[c] > scores[best]) {
            best = c; /* strictly greater: a tie keeps the lowest index */
        }
    }
    return (int)best;
}
