package dev.memlens.core.run;

import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** What the built-in estimator needs for a run: the model's architecture and the run's request. */
public record EstimateInput(ModelSpec spec, EstimateRequest request) {

    /** A model's config.json: the model argument as a directory or file, else the Hugging Face cache; null if none. */
    public static ModelSpec specOf(String model, Map<String, String> env) {
        try {
            Path local = localModel(model);
            return local != null ? ModelSpecs.load(local) : ModelSpecs.fromHfCache(model, env);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The model argument as a local path when it names one, else null (a Hugging Face id). */
    public static Path localModel(String model) {
        try {
            Path p = Path.of(model);
            return Files.isDirectory(p) || Files.isRegularFile(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
