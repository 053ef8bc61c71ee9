package org.fedmed.core.metrics;

/**
 * The leukaemia remission data of Freireich et al. (Blood 21:699, 1963), weeks in remission, as
 * tabulated by Kleinbaum and Klein (Survival Analysis: A Self-Learning Text, 3rd ed., chapter 1):
 * 21 patients on 6-mercaptopurine (12 censored) and 21 on placebo (none censored).
 */
final class FreireichRemission {

    static final float[] MP_TIMES = {6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
    static final int[] MP_EVENTS = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
    static final float[] PLACEBO_TIMES = {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23};

    private FreireichRemission() {
    }
}
