package dev.memlens.app.workbench;

import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.FitCheck;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.units.Bytes;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;

/**
 * The Profile form's live fit line: "fits / does not fit, with X GiB to spare" for the picked model, the selected
 * form's fields and the picked GPU, recomputed on every edit, before anything runs. {@code fits} is null while
 * there is nothing to judge (no model, no GPU size, a field still invalid).
 */
public final class FitLineViewModel {
    private final ObservableValue<ModelSpec> spec;
    private final ObservableValue<FormViewModel> form;
    private final Supplier<Long> gpuTotal;
    private final ReadOnlyStringWrapper line = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Boolean> fits = new ReadOnlyObjectWrapper<>();
    private final InvalidationListener refresh = o -> refresh();
    private FormViewModel watched;

    /**
     * @param gpuChanges what changes the GPU size (the picked GPU, the detected list)
     * @param gpuTotal   the GPU's memory in bytes, or null when unknown
     */
    public FitLineViewModel(ObservableValue<ModelSpec> spec, ObservableValue<FormViewModel> form,
                            Supplier<Long> gpuTotal, Observable... gpuChanges) {
        this.spec = spec;
        this.form = form;
        this.gpuTotal = gpuTotal;
        spec.addListener(refresh);
        form.addListener(refresh);
        for (Observable o : gpuChanges) {
            o.addListener(refresh);
        }
        refresh();
    }

    public ReadOnlyStringProperty lineProperty() {
        return line.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Boolean> fitsProperty() {
        return fits.getReadOnlyProperty();
    }

    private void refresh() {
        FormViewModel f = form.getValue();
        if (f != watched) {
            if (watched != null) {
                for (Observable o : watched.observables()) {
                    o.removeListener(refresh);
                }
                watched.problemProperty().removeListener(refresh);
            }
            watched = f;
            if (f != null) {
                for (Observable o : f.observables()) {
                    o.addListener(refresh);
                }
                // fields notify this listener before the form re-validates; its problem's change comes after
                f.problemProperty().addListener(refresh);
            }
        }
        fits.set(null);
        ModelSpec model = spec.getValue();
        Long total = gpuTotal.get();
        if (model == null) {
            line.set("Fit: pick a model to see whether it fits");
        } else if (total == null) {
            line.set("Fit: the GPU's memory is unknown (detect or pick a GPU)");
        } else if (f == null || !f.problemProperty().get().isEmpty()) {
            line.set("Fit: complete the form to see whether it fits");
        } else {
            judge(model, f, total);
        }
    }

    private void judge(ModelSpec model, FormViewModel f, long total) {
        try {
            EstimateRequest r = f.estimateRequest().withGpuTotalBytes(total);
            FitCheck c = FitCheck.of(model, r);
            fits.set(c.fits());
            String says = c.line();
            String rules = f.rulesNote();
            line.set(String.format(Locale.ROOT, "%s%s (predicted peak %.2f of %.2f GiB per GPU%s)",
                    says.substring(0, 1).toUpperCase(Locale.ROOT), says.substring(1), Bytes.toGib(c.estimate().peakBytes()),
                    Bytes.toGib(total), rules == null ? "" : "; " + rules));
        } catch (IllegalArgumentException e) {
            line.set("Fit: " + e.getMessage());
        }
    }
}
