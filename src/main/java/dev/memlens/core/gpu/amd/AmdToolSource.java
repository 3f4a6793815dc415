package dev.memlens.core.gpu.amd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.PollingGpuSampler;
import dev.memlens.core.gpu.ToolOutput;
import dev.memlens.core.process.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls amd-smi (ROCm 6/7) or rocm-smi (older ROCm) once per interval and parses its JSON; the tool runs on the given
 * host (this machine, or an SSH server over its multiplexed connection) and is read the same way on either.
 */
public final class AmdToolSource implements PollingGpuSampler.SnapshotSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which AMD tool. */
    public enum Tool {
        AMD_SMI("amd-smi", List.of("metric", "--mem-usage", "--json")),
        ROCM_SMI("rocm-smi", List.of("--showmeminfo", "vram", "--showuse", "--showproductname", "--showuniqueid",
                "--json"));

        private final String program;
        private final List<String> arguments;

        Tool(String program, List<String> arguments) {
            this.program = program;
            this.arguments = arguments;
        }

        public String program() {
            return program;
        }
    }

    private final Tool tool;
    private final Host host;
    private final String executable;
    private final Map<String, String> environment;
    private final Duration timeout;
    private Map<Integer, String> names;
    private Map<Integer, String> uuids;

    /** @param executable the tool's path on {@code host} */
    public AmdToolSource(Tool tool, Host host, String executable, Map<String, String> environment, Duration timeout) {
        this.tool = tool;
        this.host = host;
        this.executable = executable;
        this.environment = environment;
        this.timeout = timeout;
    }

    @Override
    public List<GpuSample> read(long timestampMillis) throws GpuSamplerException {
        if (tool == Tool.AMD_SMI && names == null) {
            loadAmdSmiIdentities();
        }
        JsonNode root = runJson(tool.arguments);
        List<GpuSample> samples = tool == Tool.AMD_SMI
                ? AmdSmiJson.samples(root, timestampMillis, names, uuids)
                : RocmSmiJson.samples(root, timestampMillis);
        if (samples.isEmpty()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DEVICES, tool.program + " reported no GPU memory "
                    + "figures: check the amdgpu driver and that this user may read the GPU (groups video, render)");
        }
        return samples;
    }

    /** Names and UUIDs are static: read once from "amd-smi static --asic" and "amd-smi list"; optional. */
    private void loadAmdSmiIdentities() {
        names = new HashMap<>();
        uuids = new HashMap<>();
        try {
            for (JsonNode gpu : AmdSmiJson.gpuEntries(runJson(List.of("static", "--asic", "--json")))) {
                String name = AmdSmiJson.text(gpu.path("asic").path("market_name"));
                if (name != null) {
                    names.put(gpu.path("gpu").asInt(), name);
                }
            }
            for (JsonNode gpu : AmdSmiJson.gpuEntries(runJson(List.of("list", "--json")))) {
                String uuid = AmdSmiJson.text(gpu.path("uuid"));
                if (uuid != null) {
                    uuids.put(gpu.path("gpu").asInt(), uuid);
                }
            }
        } catch (GpuSamplerException e) {
            // names and UUIDs are nice to have; the memory poll reports real failures
        }
    }

    private JsonNode runJson(List<String> arguments) throws GpuSamplerException {
        List<String> command = new java.util.ArrayList<>();
        command.add(executable);
        command.addAll(arguments);
        ToolOutput result = ToolOutput.run(host, command, environment, timeout);
        if (result.timedOut()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.HUNG, tool.program + " did not answer within "
                    + timeout.toSeconds() + " s and was killed");
        }
        String text = result.text();
        int start = firstJsonChar(text);
        if (start < 0) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, tool.program + " printed no JSON (exit "
                    + result.exitCode() + "): \"" + text.strip().lines().findFirst().orElse("") + "\"");
        }
        try {
            return JSON.readTree(text.substring(start));
        } catch (IOException e) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, tool.program + " printed JSON MemLens "
                    + "cannot read (" + e.getMessage().lines().findFirst().orElse("") + "); please report the " + tool.program + " version");
        }
    }

    /** amd-smi and rocm-smi may log warnings before the JSON. */
    private static int firstJsonChar(String text) {
        int brace = text.indexOf('{');
        int bracket = text.indexOf('[');
        if (brace < 0) {
            return bracket;
        }
        return bracket < 0 ? brace : Math.min(brace, bracket);
    }
}
