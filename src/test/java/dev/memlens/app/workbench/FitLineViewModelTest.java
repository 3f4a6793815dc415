package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import java.nio.file.Path;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** The live fit line follows the model, the form's fields and the GPU, without the toolkit. */
class FitLineViewModelTest {
    @Test
    void theLineFollowsEveryEditBeforeAnythingRuns() throws Exception {
        ModelSpec llama = ModelSpecs.load(Path.of("src/test/resources/estimate/configs/llama3.1-8b.json"));
        SimpleObjectProperty<ModelSpec> spec = new SimpleObjectProperty<>();
        HfFormViewModel hf = new HfFormViewModel(new SimpleStringProperty("/models/llama"), () -> "/models/llama");
        SimpleObjectProperty<FormViewModel> form = new SimpleObjectProperty<>(hf);
        SimpleObjectProperty<GpuChoice> gpu = new SimpleObjectProperty<>();
        FitLineViewModel vm = new FitLineViewModel(spec, form,
                () -> gpu.get() == null ? null : gpu.get().totalBytes(), gpu);
        assertEquals("Fit: pick a model to see whether it fits", vm.lineProperty().get());
        spec.set(llama);
        assertEquals("Fit: the GPU's memory is unknown (detect or pick a GPU)", vm.lineProperty().get());
        gpu.set(new GpuChoice(0, "NVIDIA H200", 143771 * Bytes.MIB));
        assertTrue(vm.fitsProperty().get());
        assertTrue(vm.lineProperty().get().startsWith("Fits, with "), vm.lineProperty().get());
        assertTrue(vm.lineProperty().get().endsWith("of 140.40 GiB per GPU)"), vm.lineProperty().get());
        hf.batchSize.set("400");
        hf.inputLen.set("8192");
        assertFalse(vm.fitsProperty().get());
        assertTrue(vm.lineProperty().get().startsWith("Does not fit: "), vm.lineProperty().get());
        hf.batchSize.set("x");
        assertNull(vm.fitsProperty().get());
        assertEquals("Fit: complete the form to see whether it fits", vm.lineProperty().get());
        hf.batchSize.set("1");
        assertTrue(vm.fitsProperty().get());
    }
}
