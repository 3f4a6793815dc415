package dev.memlens.core.gpu.nvml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.memlens.core.process.ExecutableLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds the fake libnvidia-ml.so.1 of src/test/resources/nvml/fake_nvml.c with gcc (once per variant and JVM,
 * into target/fake-nvml/VARIANT/libnvidia-ml-standin.so.1) and drives it through its fake_nvml_* control functions.
 * Tests that need it are skipped, with a message, where gcc is missing. Neither the file nor its soname is
 * "libnvidia-ml.so.1": JNA caches loaded libraries by file name and glibc matches sonames, so later tests in the
 * JVM would otherwise take this fake for the machine's NVML.
 */
public final class FakeNvml {
    /** Which entry points the build has. */
    public enum Variant {
        /** Every entry point MemLens uses. */
        FULL(List.of()),
        /** Only the required ones, as an old driver. */
        MINIMAL(List.of("-DFAKE_NVML_MINIMAL")),
        /** A required one (nvmlDeviceGetUUID) missing: not a usable NVML. */
        NO_UUID(List.of("-DFAKE_NVML_NO_UUID"));

        final List<String> defines;

        Variant(List<String> defines) {
            this.defines = defines;
        }
    }

    /** The control functions of fake_nvml.c. */
    public interface Control extends Library {
        void fake_nvml_reset(int count);

        void fake_nvml_set_memory(int device, long total, long used, long reserved, long step);

        void fake_nvml_set_spike(int device, long start, long length, long bytes);

        void fake_nvml_set_readings(int device, int utilization, int powerMilliwatts);

        void fake_nvml_add_process(int device, int pid, long bytes);

        void fake_nvml_fail_init(int result);

        void fake_nvml_fail_memory(int device, int result, int afterCalls);

        long fake_nvml_memory_calls(int device);

        int fake_nvml_init_depth();

        int fake_nvml_init_calls();

        int fake_nvml_shutdown_calls();
    }

    private static final Map<Variant, Path> BUILT = new ConcurrentHashMap<>();

    public final Path library;
    public final Control control;

    private FakeNvml(Path library) {
        this.library = library;
        this.control = Native.load(library.toString(), Control.class);
    }

    /** Drives a fake built earlier (the benchmark's), at its file. */
    public static FakeNvml attach(Path library) {
        return new FakeNvml(library);
    }

    /** Builds (or reuses) the variant and resets it to {@code devices} GPUs with no figures set. */
    public static FakeNvml build(Variant variant, int devices) throws IOException, InterruptedException {
        FakeNvml fake = new FakeNvml(compiled(variant));
        fake.control.fake_nvml_reset(devices);
        return fake;
    }

    /** An environment that makes MemLens load this build and finds no GPU tool on PATH. */
    public Map<String, String> environment(Path emptyDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", emptyDir.resolve("empty-bin").toString());
        env.put(NvmlBinding.LIBRARY_VARIABLE, library.toString());
        return env;
    }

    private static synchronized Path compiled(Variant variant) throws IOException, InterruptedException {
        Path done = BUILT.get(variant);
        if (done != null) {
            return done;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        assumeTrue(ExecutableLocator.locate("gcc", env.get("PATH"), null).isPresent(),
                "gcc is not on PATH: the fake libnvidia-ml.so.1 cannot be built, NVML binding tests skipped");
        Path source = Path.of("src/test/resources/nvml/fake_nvml.c").toAbsolutePath();
        Path dir = Path.of("target/fake-nvml", variant.name().toLowerCase()).toAbsolutePath();
        Files.createDirectories(dir);
        Path output = dir.resolve("libnvidia-ml-standin.so.1");
        List<String> command = new java.util.ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall",
                "-Wextra", "-Werror", "-o", output.toString()));
        command.addAll(variant.defines);
        command.add(source.toString());
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed to build the fake NVML: " + log);
        }
        BUILT.put(variant, output);
        return output;
    }
}
