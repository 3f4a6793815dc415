package dev.memlens.core.report;

/** What the report knows of the model; every field but the name may be absent (null). */
public record ModelInfo(String name, Long numParameters, Integer numLayers, Integer numHeads, Integer numKvHeads,
                        Integer headDim, Integer hiddenSize, String dtype, String quantization) {

    public static ModelInfo named(String name) {
        return new ModelInfo(name, null, null, null, null, null, null, null, null);
    }
}
