package dev.memlens.core.run.modes;

import dev.memlens.core.hf.HfProfileRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * A transformers run: what the bundled profiler script should do and with which interpreter.
 *
 * @param request     model, random weights, dtype, batch, input length or prompt, max new tokens
 * @param interpreter "python3" or the path of a venv's python
 * @param cancelGrace time between the polite signal and the forced kill when cancelling
 */
public record HfConfig(HfProfileRequest request, String interpreter, Duration cancelGrace) {
    public HfConfig {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(interpreter, "interpreter");
        cancelGrace = cancelGrace == null ? Duration.ofSeconds(10) : cancelGrace;
    }

    public static HfConfig of(HfProfileRequest request, String interpreter) {
        return new HfConfig(request, interpreter, null);
    }
}
