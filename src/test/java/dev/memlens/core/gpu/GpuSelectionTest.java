package dev.memlens.core.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuSelectionTest {
    @Test
    void explicitIndicesWinOverTheEnvironment() {
        GpuSelection s = GpuSelection.resolve(GpuVendor.NVIDIA, List.of(1), Map.of("CUDA_VISIBLE_DEVICES", "0"));
        assertTrue(s.matches(1, null));
        assertFalse(s.matches(0, null));
    }

    @Test
    void cudaVisibleDevicesByIndexAndUuidPrefix() {
        GpuSelection s = GpuSelection.resolve(GpuVendor.NVIDIA, List.of(),
                Map.of("CUDA_VISIBLE_DEVICES", "2,GPU-6486822f"));
        assertTrue(s.matches(2, "GPU-x"));
        assertTrue(s.matches(0, "GPU-6486822F-842c-1320-f829-e4155c0d2130"));
        assertFalse(s.matches(1, "GPU-bb9ded10-5454-20fc-e363-f2ee571c70b6"));
    }

    @Test
    void listEndsAtTheFirstInvalidEntryAndEmptyMeansNone() {
        GpuSelection s = GpuSelection.parseVisibleDevices("CUDA_VISIBLE_DEVICES", "0,-1,2");
        assertTrue(s.matches(0, null));
        assertFalse(s.matches(2, null));
        assertTrue(GpuSelection.parseVisibleDevices("CUDA_VISIBLE_DEVICES", "").isEmpty());
    }

    @Test
    void amdReadsHipThenRocrAndNvidiaIgnoresThem() {
        Map<String, String> env = Map.of("ROCR_VISIBLE_DEVICES", "1", "HIP_VISIBLE_DEVICES", "0");
        assertTrue(GpuSelection.resolve(GpuVendor.AMD, List.of(), env).matches(0, null));
        assertFalse(GpuSelection.resolve(GpuVendor.AMD, List.of(), env).matches(1, null));
        assertTrue(GpuSelection.resolve(GpuVendor.AMD, List.of(), Map.of("ROCR_VISIBLE_DEVICES", "1"))
                .matches(1, null));
        assertTrue(GpuSelection.resolve(GpuVendor.NVIDIA, List.of(), env).selectsAll());
    }
}
