package io.maskwatch.analytics;

/**
 * The smoothed mask state of a track: a state is taken only after it held for {@code frames}
 * consecutive observations, so one misclassified frame neither starts nor ends an event. Until the
 * first state settles, the track has no state ({@link #settled()} is false).
 */
final class Debounce {

    private int frames;
    private Boolean state;
    private boolean candidate;
    private int run;

    Debounce(int frames) {
        this.frames = frames;
    }

    /** Takes a new hold length live; a run in progress counts towards it. */
    void frames(int n) {
        frames = n;
    }

    /** @return the smoothed state after this observation: true for non-compliant */
    boolean observe(boolean nonCompliant) {
        if (run > 0 && candidate == nonCompliant) {
            run++;
        } else {
            candidate = nonCompliant;
            run = 1;
        }
        if (run >= frames) {
            state = candidate;
        }
        return state != null && state;
    }

    /** The latest observation itself, before smoothing; false before the first. */
    boolean lastObservation() {
        return run > 0 && candidate;
    }

    boolean settled() {
        return state != null;
    }

    boolean nonCompliant() {
        return state != null && state;
    }
}
