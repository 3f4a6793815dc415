package dev.memlens.app.live;

/**
 * How {@link LiveRunViewModel} hands its series to a chart without knowing the chart library. Called on the UI thread,
 * once per coalesced batch, never per sample.
 */
public interface LiveSeriesSink {
    /** A new run started: forget every series. */
    void runReset(String title);

    /** A series appeared (a GPU's first sample, the total once there is one, the KV usage). */
    void seriesAdded(LiveSeries series);

    /** Points {@code [fromIndex, series.size())} of the series are new. */
    void pointsAppended(LiveSeries series, int fromIndex);

    /** vLLM preempted requests (its KV cache was full) at this time of the run. */
    default void preemption(double seconds, long count) {
    }

    LiveSeriesSink NONE = new LiveSeriesSink() {
        @Override
        public void runReset(String title) {
        }

        @Override
        public void seriesAdded(LiveSeries series) {
        }

        @Override
        public void pointsAppended(LiveSeries series, int fromIndex) {
        }
    };
}
