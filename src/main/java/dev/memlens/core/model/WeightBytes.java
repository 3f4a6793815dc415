package dev.memlens.core.model;

/**
 * Bytes the weights take in memory for a storage format. AWQ/GPTQ pack {@code bits}-bit integers and add,
 * per group of {@code groupSize} input rows and per output column, an fp16 scale and a packed zero point;
 * embeddings, lm_head, norms and routers stay in the model dtype. fp8 and int8 store linear layers in one byte
 * (their per-channel or per-tensor scales are below 0.1 %).
 */
public final class WeightBytes {
    private WeightBytes() {
    }

    public static long of(ParameterCounter.Breakdown params, QuantizationSpec q, int dtypeBytes) {
        long unquantized = (params.embedding() + params.lmHead() + params.other()) * dtypeBytes;
        if (q == null || q.isNone()) {
            return params.total() * dtypeBytes;
        }
        long linear = params.linear();
        if (q.isGrouped()) {
            long groups = linear / q.groupSize();
            long packed = linear * q.bits() / 8;
            long scales = groups * 2;
            long zeros = groups * q.bits() / 8;
            return unquantized + packed + scales + zeros;
        }
        return unquantized + linear * q.bits() / 8;
    }

    /** The formula behind {@link #of}, for explanations. */
    public static String formula(QuantizationSpec q) {
        if (q == null || q.isNone()) {
            return "parameters × dtype bytes";
        }
        if (q.isGrouped()) {
            return "linear × " + q.bits() + "/8 + linear/" + q.groupSize() + " × (2 B scale + " + q.bits()
                    + "/8 B zero) + (embeddings + lm_head + norms) × dtype bytes";
        }
        return "linear × 1 B (" + q.method() + ") + (embeddings + lm_head + norms) × dtype bytes";
    }
}
