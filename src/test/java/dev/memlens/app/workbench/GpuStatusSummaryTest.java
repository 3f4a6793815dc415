package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The toolbar's short GPU status: the key part; the path and the advice stay in the tooltip. */
class GpuStatusSummaryTest {
    @Test
    void keepsTheKeyPartOfEachStatus() {
        assertEquals("2 GPUs via nvidia-smi",
                GpuPickerViewModel.summaryOf("2 GPUs via nvidia-smi (/tmp/memlens-shots123/bin/nvidia-smi)"));
        assertEquals("No GPU tool found", GpuPickerViewModel.summaryOf(
                "No GPU tool found (nvidia-smi, amd-smi, rocm-smi): runs work, without memory samples."));
        assertEquals("The GPUs could not be read",
                GpuPickerViewModel.summaryOf("The GPUs could not be read: nvidia-smi exited with 9"));
        assertEquals("Detecting GPUs …", GpuPickerViewModel.summaryOf("Detecting GPUs …"));
    }
}
