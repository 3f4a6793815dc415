package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.settings.RecentHosts;
import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.ssh.SshTarget;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Where a run happens: this machine, or an SSH host (the system ssh: the user's config, keys and known_hosts).
 * "Test connection" connects in the background and reports the host's GPUs; hosts that answered are remembered.
 */
public final class TargetViewModel {
    /** The Target choice. */
    public enum Target {
        THIS_MACHINE("This machine"), SSH_HOST("SSH host");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final RecentHosts recent;
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target", Target.THIS_MACHINE);
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty sshConfig = new SimpleStringProperty(this, "sshConfig", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final BooleanProperty testing = new SimpleBooleanProperty(this, "testing");
    private final BooleanProperty lastTestFailed = new SimpleBooleanProperty(this, "lastTestFailed");
    private final ObservableList<String> recentHosts = FXCollections.observableArrayList();
    private final BooleanBinding remote = Bindings.createBooleanBinding(() -> target.get() == Target.SSH_HOST, target);

    public TargetViewModel(TaskExecutor executor, Map<String, String> environment, Path recentHostsFile) {
        this.executor = executor;
        this.environment = Map.copyOf(environment);
        this.recent = new RecentHosts(recentHostsFile);
        recentHosts.setAll(recent.list());
        if (!recentHosts.isEmpty()) {
            host.set(recentHosts.get(0));
        }
    }

    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    public StringProperty hostProperty() {
        return host;
    }

    /** An ssh config file ({@code ssh -F}); blank for the user's own ~/.ssh/config. */
    public StringProperty sshConfigProperty() {
        return sshConfig;
    }

    /** What the last test said: the host's GPUs, or why it failed. */
    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty testingProperty() {
        return testing;
    }

    public BooleanProperty lastTestFailedProperty() {
        return lastTestFailed;
    }

    public ObservableList<String> recentHosts() {
        return recentHosts;
    }

    public BooleanBinding remoteProperty() {
        return remote;
    }

    /** Why a run cannot start on this target, or empty. */
    public String problem() {
        if (!remote.get()) {
            return "";
        }
        try {
            SshTarget.parse(host.get());
            return "";
        } catch (SshException e) {
            return e.getMessage();
        }
    }

    /** Connects in the background and reports the host's GPUs (name and total), as a run would see them. */
    public void testConnection() {
        String h = host.get().strip();
        Path config = configPath();
        testing.set(true);
        status.set("Connecting to " + h + "…");
        executor.submit(BackgroundTask.of("Test the connection to " + h, () -> {
            try (SshHost ssh = SshHost.connect(SshTarget.parse(h), config, environment)) {
                GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(environment).withHost(ssh));
                List<GpuSample> gpus = sampler.baseline();
                sampler.stop();
                return "Connected to " + h + ": " + gpus.size() + " GPU(s) — " + gpus.stream()
                        .map(g -> "GPU " + g.index() + " " + (g.name() == null ? "" : g.name())
                                + (g.totalBytes() == null ? "" : " (" + Bytes.format(g.totalBytes(), MemoryUnit.GIB)
                                + ")"))
                        .collect(Collectors.joining(", "));
            }
        }).onSuccess(text -> {
            testing.set(false);
            lastTestFailed.set(false);
            status.set(text);
            remember(h);
        }).onFailure(e -> {
            testing.set(false);
            lastTestFailed.set(true);
            status.set(e.getMessage());
        }));
    }

    /** For a run on the SSH host: a host that connects when the run starts (off the UI thread); null here. */
    public SshHost openForRun() throws SshException {
        if (!remote.get()) {
            return null;
        }
        String h = host.get().strip();
        SshHost ssh = SshHost.unconnected(SshTarget.parse(h), configPath(), environment);
        remember(h);
        return ssh;
    }

    private Path configPath() {
        String c = sshConfig.get() == null ? "" : sshConfig.get().strip();
        return c.isEmpty() ? null : Path.of(c);
    }

    private void remember(String h) {
        executor.submit(BackgroundTask.of("Remember the host " + h, () -> {
            recent.add(h);
            return recent.list();
        }).onSuccess(recentHosts::setAll));
    }
}
