package dev.memlens.core.gpu.nvml;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSelection;
import dev.memlens.core.gpu.PollingGpuSampler;
import dev.memlens.core.gpu.SinkDispatcher;
import dev.memlens.core.process.ProgramThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples NVIDIA GPUs through NVML in this process: no child process, a few microseconds of CPU per GPU and
 * sample, so rates up to 1 kHz are practical (short allocation spikes that nvidia-smi's 100 ms loop misses). Memory
 * comes from the polling loop of {@link PollingGpuSampler}; per-process memory from a slower second thread. The
 * NVML session opened at creation ends at {@link #stop}; a baseline after that opens a short one of its own.
 */
public final class NvmlGpuSampler implements GpuSampler {
    private final NvmlSession session;
    private final GpuSamplerOptions options;
    private final GpuSelection selection;
    private final List<NvmlDevice> selected;
    private final String description;
    private final PollingGpuSampler poller;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread processPoller;

    private NvmlGpuSampler(NvmlSession session, GpuSamplerOptions options, GpuSelection selection) {
        this.session = session;
        this.options = options;
        this.selection = selection;
        this.selected = select(session, selection);
        String driver = session.driverVersion();
        this.description = "NVML (" + session.library().library() + (driver == null ? "" : ", driver " + driver)
                + ")";
        this.poller = new PollingGpuSampler(description, this::readSelected, options, selection);
    }

    /**
     * Loads NVML and initialises it.
     *
     * @throws NvmlBinding.LoadException when the library is missing or unusable
     * @throws GpuSamplerException       when NVML loads but fails (no driver, version mismatch, permissions)
     */
    static NvmlGpuSampler open(GpuSamplerOptions options, GpuSelection selection)
            throws NvmlBinding.LoadException, GpuSamplerException {
        return new NvmlGpuSampler(NvmlSession.open(options.environment()), options, selection);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<GpuSample> baseline() throws GpuSamplerException {
        if (stopped.getCount() > 0) {
            return poller.baseline();
        }
        try (NvmlSession oneShot = NvmlSession.open(options.environment())) {
            List<GpuSample> samples = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (NvmlDevice device : select(oneShot, selection)) {
                samples.add(device.read(now));
            }
            return samples;
        } catch (NvmlBinding.LoadException e) {
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DRIVER, e.getMessage());
        }
    }

    @Override
    public synchronized void start(GpuSampleSink sink) {
        poller.start(sink);
        long interval = options.processIntervalMs();
        if (interval > 0 && selected.stream().anyMatch(NvmlDevice::listsProcesses)) {
            SinkDispatcher processes = new SinkDispatcher(sink);
            processPoller = ProgramThreads.start("memlens-nvml-processes", () -> processLoop(processes, interval));
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        poller.stop();
        Thread t;
        synchronized (this) {
            t = processPoller;
        }
        ProgramThreads.joinBounded(t, options.stopGrace().toMillis() + 2000);
        session.close();
    }

    private List<GpuSample> readSelected(long now) throws GpuSamplerException {
        List<GpuSample> samples = new ArrayList<>(selected.size());
        for (NvmlDevice device : selected) {
            samples.add(device.read(now));
        }
        return samples;
    }

    private void processLoop(SinkDispatcher dispatcher, long intervalMs) {
        try {
            do {
                long now = System.currentTimeMillis();
                List<GpuProcessSample> all = new ArrayList<>();
                boolean any = false;
                for (NvmlDevice device : selected) {
                    List<GpuProcessSample> listed = device.processes(now);
                    if (listed != null) {
                        all.addAll(listed);
                        any = true;
                    }
                }
                if (any) {
                    dispatcher.processes(now, all);
                }
            } while (!stopped.await(intervalMs, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<NvmlDevice> select(NvmlSession session, GpuSelection selection) {
        return session.devices().stream().filter(d -> selection.matches(d.index(), d.uuid())).toList();
    }
}
