package dev.memlens.core.estimate;

import dev.memlens.core.model.QuantizationSpec;

/**
 * What to estimate. Nullable fields mean "as the model or engine decides": {@code dtype} and
 * {@code kvCacheDtype} default to the model's dtype, {@code quantization} to the model's own,
 * {@code maxModelLen} to input + output (transformers) or the model's max_position_embeddings (vLLM),
 * {@code maxNumBatchedTokens} to 8192 (vLLM's profiling pass), {@code gpuTotalBytes} to unknown (no fit check).
 * {@code cudaGraphsInBudget}: vLLM v0.21+ reserves CUDA graph memory inside the utilisation budget; before, on top.
 */
public record EstimateRequest(
        Engine engine,
        int batchSize,
        int inputLen,
        int outputLen,
        String dtype,
        Long gpuTotalBytes,
        double gpuMemoryUtilization,
        int tensorParallelSize,
        String kvCacheDtype,
        QuantizationSpec quantization,
        Integer maxModelLen,
        Integer maxNumBatchedTokens,
        boolean enforceEager,
        boolean cudaGraphsInBudget,
        int blockSize) {

    public static final int DEFAULT_MAX_NUM_BATCHED_TOKENS = 8192;

    public EstimateRequest {
        if (batchSize < 1 || inputLen < 1 || outputLen < 0) {
            throw new IllegalArgumentException("batch size and input length must be at least 1, output length at least 0");
        }
        if (tensorParallelSize < 1) {
            throw new IllegalArgumentException("tensor parallel size must be at least 1");
        }
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException("gpu memory utilization must be in (0, 1], got " + gpuMemoryUtilization);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1");
        }
    }

    /**
     * Defaults: one GPU of unknown size, model dtypes, block 16, and the budget rules of the newest vLLM MemLens
     * models ({@link VllmVersions#DEFAULT_VERSION}: its default utilisation, graphs inside the budget).
     */
    public static EstimateRequest of(Engine engine, int batchSize, int inputLen, int outputLen) {
        VllmVersions.BudgetRules newest = VllmVersions.rules(null);
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, null, null, newest.defaultUtilization(), 1,
                null, null, null, null, false, newest.graphsInBudget(), 16);
    }

    public EstimateRequest withGpuTotalBytes(Long bytes) {
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, dtype, bytes, gpuMemoryUtilization,
                tensorParallelSize, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager,
                cudaGraphsInBudget, blockSize);
    }

    public EstimateRequest withBatchAndLengths(int batch, int input, int output) {
        return new EstimateRequest(engine, batch, input, output, dtype, gpuTotalBytes, gpuMemoryUtilization,
                tensorParallelSize, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager,
                cudaGraphsInBudget, blockSize);
    }

    public EstimateRequest withUtilization(double utilization) {
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, dtype, gpuTotalBytes, utilization,
                tensorParallelSize, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager,
                cudaGraphsInBudget, blockSize);
    }

    public EstimateRequest withTensorParallel(int tp) {
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, dtype, gpuTotalBytes, gpuMemoryUtilization,
                tp, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager, cudaGraphsInBudget,
                blockSize);
    }

    public EstimateRequest withVllm(Integer maxModelLen, Integer maxNumBatchedTokens, boolean enforceEager,
                                    boolean cudaGraphsInBudget) {
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, dtype, gpuTotalBytes, gpuMemoryUtilization,
                tensorParallelSize, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager,
                cudaGraphsInBudget, blockSize);
    }

    public EstimateRequest withDtypes(String dtype, String kvCacheDtype, QuantizationSpec quantization) {
        return new EstimateRequest(engine, batchSize, inputLen, outputLen, dtype, gpuTotalBytes, gpuMemoryUtilization,
                tensorParallelSize, kvCacheDtype, quantization, maxModelLen, maxNumBatchedTokens, enforceEager,
                cudaGraphsInBudget, blockSize);
    }
}
