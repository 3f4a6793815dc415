package dev.memlens.core.model;

/**
 * The architecture of a causal LM as far as memory is concerned, read from a Hugging Face config.json.
 * {@code moe}, {@code mla}, {@code slidingWindow} are null when the model has none; {@code quantization} is
 * {@link QuantizationSpec#NONE} for plain weights. {@code weightBytes} is exact, and {@code weightSource}
 * says whether it came from the safetensors files or from {@code parameterCount} and the dtype.
 */
public record ModelSpec(
        String modelType,
        String architecture,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        long intermediateSize,
        int vocabSize,
        boolean tiedEmbeddings,
        boolean attentionBias,
        MoeSpec moe,
        MlaSpec mla,
        Integer slidingWindow,
        QuantizationSpec quantization,
        String dtype,
        long maxPositionEmbeddings,
        long parameterCount,
        long weightBytes,
        WeightSource weightSource,
        String source) {

    public boolean isMoe() {
        return moe != null;
    }

    public boolean isMla() {
        return mla != null;
    }

    /** Bytes of one element of the model's own dtype (torch_dtype). */
    public int dtypeBytes() {
        return DTypes.bytes(dtype);
    }

    /** Rotary dimension, for the cos/sin cache vLLM keeps beside the weights. */
    public int rotaryDim() {
        return mla != null ? mla.qkRopeHeadDim() : headDim;
    }

    /** The FFN width a token really passes through: the dense width, or the routed and shared experts it uses. */
    public long activeIntermediateSize() {
        if (moe == null) {
            return intermediateSize;
        }
        return (long) moe.expertsPerToken() * moe.expertIntermediateSize()
                + (long) moe.sharedExperts() * moe.expertIntermediateSize() + moe.sharedExpertIntermediateSize();
    }

    /** A copy with other weight bytes and their source, e.g. once the safetensors files were read. */
    public ModelSpec withWeights(long bytes, WeightSource from) {
        return new ModelSpec(modelType, architecture, layers, hiddenSize, attentionHeads, kvHeads, headDim,
                intermediateSize, vocabSize, tiedEmbeddings, attentionBias, moe, mla, slidingWindow, quantization,
                dtype, maxPositionEmbeddings, parameterCount, bytes, from, source);
    }
}
