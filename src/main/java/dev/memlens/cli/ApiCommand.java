package dev.memlens.cli;

import dev.memlens.core.api.VllmApiTarget;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.run.modes.ApiConfig;
import dev.memlens.core.run.modes.ApiWorkload;
import dev.memlens.core.vllm.metrics.PrometheusVllmSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** memlens api: profiles a running vLLM OpenAI-compatible server (original profile-vllm-model.py flags). */
@Command(name = "api", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends --batch-size concurrent streamed requests to a running vLLM server while sampling the GPUs"
                + " and recording vLLM's metrics (/metrics, or the scrapes a Prometheus server stored with"
                + " --prometheus); measures time to first token, inter-token and end-to-end latency,"
                + " and saves a report (also when the run fails or is cancelled).",
                "The API key is read from the environment variable named by --api-key-env, masked in everything MemLens"
                        + " writes or prints, sent only to the --api-url's origin (a redirect elsewhere is an error),"
                        + " and the variable is not passed on to child processes (nvidia-smi, ...)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the run failed, or its report could not be written (it says why)",
                ExitCodes.LINE_USAGE, ExitCodes.LINE_TIMEOUT, ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class ApiCommand implements Callable<Integer> {
    @Option(names = "--api-url", defaultValue = "http://localhost:8000",
            description = "Base URL of the server (http or https). Default: ${DEFAULT-VALUE}.")
    String apiUrl;

    @Option(names = "--model", description = "Served model id. Default: the first of /v1/models.")
    String model;

    @Option(names = "--prompt", defaultValue = ApiConfig.DEFAULT_PROMPT, description = "Prompt. Default: '${DEFAULT-VALUE}'.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "100", description = "max_tokens per request. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--batch-size", defaultValue = "1", description = "Concurrent requests. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the server's API key.")
    String apiKeyEnv;

    @Option(names = "--chat", description = "Use /v1/chat/completions instead of /v1/completions.")
    boolean chat;

    @Option(names = "--ignore-eos", description = "Always generate --max-tokens tokens (vLLM's ignore_eos).")
    boolean ignoreEos;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The model's config.json (or its directory): KV pool bytes and weights by formula.")
    Path config;

    @Option(names = {"--tensor-parallel-size", "-tp"}, defaultValue = "1",
            description = "The server's tensor-parallel size (for the KV bytes per GPU). Default: ${DEFAULT-VALUE}.")
    int tensorParallelSize;

    @Option(names = "--metrics-interval-ms", defaultValue = "500", description = "How often vLLM's metrics are read (/metrics, or Prometheus with --prometheus): 1 to 1000"
                    + " ms, so the series has a point at least every second. Default: ${DEFAULT-VALUE} ms.")
    long metricsIntervalMs;

    @Option(names = "--vllm-match", paramLabel = "SELECTOR",
            description = "With --prometheus: label matchers of this server's series there, e.g."
                    + " '{job=\"vllm\",pod=\"vllm-0\"}'. Default: the scrape target named after --api-url,"
                    + " '{instance=\"HOST:PORT\"}'.")
    String vllmMatch;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Fail a request whose stream sends nothing for this long (a stalled server)."
                    + " Default: ${DEFAULT-VALUE} s.")
    double idleTimeoutSeconds;

    @Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() {
        ApiConfig apiConfig;
        try {
            if (!(idleTimeoutSeconds > 0 && idleTimeoutSeconds <= RunOptions.MAX_TIMEOUT_SECONDS)) {
                throw new IllegalArgumentException("--idle-timeout must be more than 0 and at most "
                        + RunOptions.MAX_TIMEOUT_SECONDS + " seconds, got " + idleTimeoutSeconds);
            }
            if (vllmMatch != null && !run.prometheus.given()) {
                throw new IllegalArgumentException("--vllm-match picks the server's series in Prometheus: give it"
                        + " with --prometheus URL");
            }
            String apiKey = ApiKeys.fromEnvironment(apiKeyEnv, run.environment);
            VllmApiTarget.of(apiUrl, apiKey); // a bad URL is a usage error: nothing runs, nothing is saved
            apiConfig = new ApiConfig(apiUrl, apiKey, model, prompt, maxTokens, batchSize, chat, ignoreEos, config,
                    tensorParallelSize, Duration.ofMillis(metricsIntervalMs), null,
                    Duration.ofMillis(Math.round(idleTimeoutSeconds * 1000)));
            if (run.prometheus.given()) {
                PrometheusVllmSeries.selector(vllmMatch); // a bad selector is a usage error before anything runs
                apiConfig = apiConfig.withPrometheus(run.prometheus.url, vllmMatch);
            }
        } catch (IllegalArgumentException | PrometheusException e) {
            spec.commandLine().getErr().println("memlens api: " + e.getMessage());
            spec.commandLine().getErr().println("Try 'memlens api --help' for the options.");
            return CommandLineErrors.USAGE;
        }
        run.environment = ApiKeys.withoutKey(run.environment, apiKeyEnv);
        ApiConfig local = apiConfig;
        return RunCommandSupport.run("api", host -> new ApiWorkload(host == null ? local
                        : local.withBaseUrl(ApiForward.throughHost(host, local.baseUrl(), spec.commandLine().getErr()))),
                run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
