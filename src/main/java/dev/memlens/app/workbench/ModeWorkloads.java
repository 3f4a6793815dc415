package dev.memlens.app.workbench;

import dev.memlens.core.run.Workload;

/** Builds the API, transformers and container workloads from their forms. */
final class ModeWorkloads {
    private ModeWorkloads() {
    }

    static Workload api(ApiFormViewModel f) {
        throw new IllegalStateException("The API mode's workload is not in this build yet.");
    }

    static Workload hf(HfFormViewModel f) {
        throw new IllegalStateException("The transformers mode's workload is not in this build yet.");
    }

    static Workload docker(ContainerFormViewModel f) {
        throw new IllegalStateException("The container mode's workload is not in this build yet.");
    }
}
