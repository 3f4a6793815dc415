package dev.memlens.cli;

import java.util.Map;

/** Reads an API key from the environment variable the user named, so the key never appears on the command line. */
final class ApiKeys {
    private ApiKeys() {
    }

    /** The key, or null when no variable was named; throws when the named variable is unset or empty. */
    static String fromEnvironment(String variable, Map<String, String> environment) {
        if (variable == null) {
            return null;
        }
        String key = environment.get(variable);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--api-key-env " + variable + ": the environment variable " + variable
                    + " is not set; export it (export " + variable + "=...) or leave --api-key-env out");
        }
        dev.memlens.core.secrets.Redactor.register(key);
        dev.memlens.core.process.SecretVariables.withhold(variable);
        return key;
    }

    /**
     * The environment for child processes: without the key's variable, since none of them (nvidia-smi, docker,
     * vllm bench) needs it and a child could leak it.
     */
    static Map<String, String> withoutKey(Map<String, String> environment, String variable) {
        if (variable == null || !environment.containsKey(variable)) {
            return environment;
        }
        Map<String, String> copy = new java.util.HashMap<>(environment);
        copy.remove(variable);
        return Map.copyOf(copy);
    }
}
