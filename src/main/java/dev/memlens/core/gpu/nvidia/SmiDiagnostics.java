package dev.memlens.core.gpu.nvidia;

import dev.memlens.core.gpu.GpuSamplerError;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises nvidia-smi's driver and usage errors, which it prints on stdout (an invalid field gives exit code 2),
 * and words them for the user.
 */
public final class SmiDiagnostics {
    private static final Pattern INVALID_FIELD = Pattern.compile("Field \"([^\"]+)\" is not a valid field to query");

    /** A recognised failure with the user-facing message. */
    public record Diagnosis(GpuSamplerError.Kind kind, String message, String invalidField) {
    }

    private SmiDiagnostics() {
    }

    public static Optional<Diagnosis> diagnose(List<String> lines) {
        for (String raw : lines) {
            String line = raw.strip();
            String lower = line.toLowerCase(Locale.ROOT);
            Matcher field = INVALID_FIELD.matcher(line);
            if (field.find()) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.INVALID_FIELD, "nvidia-smi rejected the query "
                        + "field '" + field.group(1) + "' (\"" + line + "\"): this driver is too old for it; update the "
                        + "NVIDIA driver or report the driver version", field.group(1)));
            }
            if (lower.contains("gpu is lost")) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.GPU_LOST, "nvidia-smi reports a GPU fell off "
                        + "the bus (\"" + line + "\"): reboot the machine to recover it", null));
            }
            if (lower.contains("version mismatch")) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.DRIVER_MISMATCH, "nvidia-smi cannot talk to the "
                        + "driver (\"" + line + "\"): the driver was upgraded without a reboot; reboot or reload the "
                        + "nvidia kernel module", null));
            }
            if (lower.contains("no devices were found")) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.NO_DEVICES, "nvidia-smi found no GPU (\""
                        + line + "\"): check the GPU selection and that the driver sees the card (nvidia-smi -L)",
                        null));
            }
            if (lower.contains("couldn't communicate with the nvidia driver") || lower.contains("failed to initialize nvml")) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.NO_DRIVER, "nvidia-smi cannot reach the NVIDIA "
                        + "driver (\"" + line + "\"): install or load the driver, then try again", null));
            }
            if (lower.contains("unable to determine the device handle")) {
                return Optional.of(new Diagnosis(GpuSamplerError.Kind.GPU_LOST, "nvidia-smi cannot open a GPU (\""
                        + line + "\"): check dmesg for Xid errors; a reboot may be needed", null));
            }
        }
        return Optional.empty();
    }
}
