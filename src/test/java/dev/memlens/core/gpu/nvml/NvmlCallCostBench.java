package dev.memlens.core.gpu.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * CPU and wall time per call of each NVML entry point MemLens uses, through the same direct-mapped binding, and of a
 * whole {@link NvmlDevice#read}: where a sample's cost goes. Not a test: run it by hand on a machine with a GPU (or
 * with MEMLENS_NVML_LIBRARY naming the stand-in, which measures the binding alone).
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.core.gpu.nvml.NvmlCallCostBench [N]</pre>
 */
public final class NvmlCallCostBench {
    private NvmlCallCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (NvmlSession session = NvmlSession.open(System.getenv())) {
            NvmlDevice device = session.devices().get(0);
            System.out.println("NVML " + session.library().library() + ", driver " + session.driverVersion()
                    + ", optional " + session.library().optional() + ", GPU 0 " + device.name());
            Memory buffer = new Memory(4096);
            long address = Pointer.nativeValue(buffer);
            Memory handleOut = new Memory(8);
            NvmlNative.nvmlDeviceGetHandleByIndex_v2(0, Pointer.nativeValue(handleOut));
            long handle = handleOut.getLong(0);
            System.out.println("| call | calls | CPU per call | wall per call |");
            System.out.println("|---|---|---|---|");
            time("nvmlDeviceGetMemoryInfo", n, () -> NvmlNative.nvmlDeviceGetMemoryInfo(handle, address));
            if (session.library().has(NvmlBinding.Optional.MEMORY_V2)) {
                time("nvmlDeviceGetMemoryInfo_v2", n, () -> {
                    buffer.setInt(0, 40 | (2 << 24));
                    return NvmlNative.MemoryV2.nvmlDeviceGetMemoryInfo_v2(handle, address);
                });
            }
            if (session.library().has(NvmlBinding.Optional.UTILIZATION)) {
                time("nvmlDeviceGetUtilizationRates", n,
                        () -> NvmlNative.Utilization.nvmlDeviceGetUtilizationRates(handle, address));
            }
            if (session.library().has(NvmlBinding.Optional.POWER)) {
                time("nvmlDeviceGetPowerUsage", n, () -> NvmlNative.Power.nvmlDeviceGetPowerUsage(handle, address));
            }
            if (session.library().has(NvmlBinding.Optional.PROCESSES)) {
                time("nvmlDeviceGetComputeRunningProcesses_v3", Math.max(1, n / 20), () -> {
                    buffer.setInt(0, 64);
                    return NvmlNative.Processes.nvmlDeviceGetComputeRunningProcesses_v3(handle, address,
                            address + 64);
                });
            }
            time("NvmlDevice.read (memory; utilization and power every 100 ms)", n, () -> {
                try {
                    return device.read(System.currentTimeMillis()).index();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static void time(String what, int n, IntSupplier call) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.min(n, 2000); i++) {
            call.getAsInt(); // warm-up: JIT and the driver's first-call paths
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int last = 0;
        for (int i = 0; i < n; i++) {
            last = call.getAsInt();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f µs | %.2f µs |%s%n", what, n, cpu / 1e3 / n, wall / 1e3 / n,
                last == 0 ? "" : " (last result " + last + ")");
    }
}
