package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.gpu.SamplingLog;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProcessMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the sampler's stream into per-GPU arrays (a one-hour run at 20 Hz on eight GPUs is 576,000 samples:
 * primitives, not objects), forwards each sample to the listener and to the journal.
 */
final class TimelineRecorder implements GpuSampleSink {
    private final long startEpochMillis;
    private final SessionListener listener;
    private final RunJournal journal;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final SamplingLog sampling;
    private final ProcessPeaks processPeaks = new ProcessPeaks();

    /**
     * @param journal  where samples are journaled, or null when the journal could not be created
     * @param sampling the tally of the sampler's health
     */
    TimelineRecorder(long startEpochMillis, SessionListener listener, RunJournal journal, SamplingLog sampling) {
        this.startEpochMillis = startEpochMillis;
        this.listener = listener;
        this.journal = journal;
        this.sampling = sampling;
    }

    @Override
    public void onSample(GpuSample sample) {
        long elapsed = Math.max(0, sample.timestampMillis() - startEpochMillis);
        synchronized (this) {
            series.computeIfAbsent(sample.gpuKey(), k -> new Series(sample)).add(elapsed, sample.usedBytes());
        }
        sampling.sample();
        if (journal != null) {
            journal.sample(elapsed, sample);
        }
        listener.onSample(sample, elapsed);
    }

    /** The per-process polls go to the listener as they come (the app's live Processes view) and into the report. */
    @Override
    public void onProcesses(long timestampMillis, List<dev.memlens.core.gpu.GpuProcessSample> processes) {
        processPeaks.poll(Math.max(0, timestampMillis - startEpochMillis), processes);
        listener.onProcesses(timestampMillis, processes);
    }

    /**
     * The processes listed at the run's peak moment ({@link dev.memlens.core.report.RunPeak#atMillis()}), empty when
     * the sampler listed none.
     */
    List<dev.memlens.core.gpu.GpuProcessSample> processesAt(Long runPeakAtMillis) {
        return processPeaks.at(runPeakAtMillis);
    }

    /** The GPU processes seen during the run, for the report, with what each held at the run's peak moment. */
    List<ProcessMemory> processes(Long runPeakAtMillis) {
        Map<Integer, String> uuidByIndex = new java.util.HashMap<>();
        synchronized (this) {
            series.values().forEach(s -> uuidByIndex.put(s.index, s.uuid));
        }
        return processPeaks.processes(uuidByIndex, runPeakAtMillis);
    }

    @Override
    public void onGap(GpuGap gap) {
        sampling.gap(gap);
        String message = "GPU samples missing for " + (gap.toMillis() - gap.fromMillis()) + " ms: " + gap.reason();
        if (journal != null) {
            journal.note(message);
        }
        listener.onWarning(message);
    }

    @Override
    public void onError(GpuSamplerError error) {
        sampling.error(error);
        warn("GPU sampler: " + error.message());
    }

    @Override
    public void onWarning(String message) {
        warn(message);
    }

    private void warn(String message) {
        synchronized (this) {
            warnings.add(message);
        }
        listener.onWarning(message);
    }

    synchronized List<GpuTimeline> timelines() {
        List<GpuTimeline> out = new ArrayList<>();
        for (Series s : series.values()) {
            out.add(s.toTimeline());
        }
        return out;
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    SamplingHealth samplingHealth() {
        return sampling.snapshot();
    }

    /** One GPU's identity and samples. */
    private static final class Series {
        final int index;
        final String uuid;
        final String name;
        final SampleBuffer samples = new SampleBuffer();

        Series(GpuSample first) {
            index = first.index();
            uuid = first.uuid();
            name = first.name();
        }

        void add(long elapsed, long bytes) {
            samples.add(elapsed, bytes);
        }

        GpuTimeline toTimeline() {
            return new GpuTimeline(index, uuid, name, samples.times(), samples.values());
        }
    }
}
