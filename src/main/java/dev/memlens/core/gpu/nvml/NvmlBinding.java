package dev.memlens.core.gpu.nvml;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@link NvmlNative} to one NVML library for the JVM: {@code libnvidia-ml.so.1} (Windows {@code nvml.dll})
 * through the system loader, or the file named by {@value #LIBRARY_VARIABLE}. The binding stays while sessions are
 * open; with none open another library may be bound (tests load fake builds one after another).
 */
final class NvmlBinding {
    static final String LIBRARY_VARIABLE = "MEMLENS_NVML_LIBRARY";
    private static final String WINDOWS_NVSMI_DIR = "C:\\Program Files\\NVIDIA Corporation\\NVSMI";

    /** The optional entry points that bound, by what they give. */
    enum Optional {
        MEMORY_V2(NvmlNative.MemoryV2.class),
        UTILIZATION(NvmlNative.Utilization.class),
        POWER(NvmlNative.Power.class),
        PROCESSES(NvmlNative.Processes.class),
        DRIVER_VERSION(NvmlNative.DriverVersion.class);

        final Class<?> natives;

        Optional(Class<?> natives) {
            this.natives = natives;
        }
    }

    /** A bound library: where it came from and which optional entry points it has. */
    record Bound(String library, Set<Optional> optional) {
        boolean has(Optional entry) {
            return optional.contains(entry);
        }
    }

    /** The library could not be loaded or lacks a required entry point; the message is one line for the user. */
    static final class LoadException extends Exception {
        /** True when no NVML library exists at all (auto detection then moves on quietly). */
        final boolean absent;

        LoadException(String message, boolean absent) {
            super(message);
            this.absent = absent;
        }
    }

    private static Bound bound;
    private static int openSessions;

    private NvmlBinding() {
    }

    /** The library to load: the variable's file when set, else the platform's name for the system loader. */
    static String libraryName(Map<String, String> environment) {
        String named = environment.get(LIBRARY_VARIABLE);
        if (named != null && !named.isBlank()) {
            return named.trim();
        }
        return Platform.isWindows() ? "nvml" : "libnvidia-ml.so.1";
    }

    /** Binds (or reuses the binding) and counts one more open session; pair with {@link #release()}. */
    static synchronized Bound acquire(Map<String, String> environment) throws LoadException {
        String name = libraryName(environment);
        if (bound != null && !bound.library().equals(name)) {
            if (openSessions > 0) {
                throw new LoadException("NVML is already loaded from " + bound.library() + " in this process; "
                        + name + " cannot be loaded beside it", false);
            }
            unbind();
        }
        if (bound == null) {
            bound = bind(name, environment.containsKey(LIBRARY_VARIABLE));
        }
        openSessions++;
        return bound;
    }

    static synchronized void release() {
        if (openSessions > 0) {
            openSessions--;
        }
    }

    private static Bound bind(String name, boolean namedByUser) throws LoadException {
        if (Platform.isWindows()) {
            NativeLibrary.addSearchPath(name, WINDOWS_NVSMI_DIR);
        }
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(name);
        } catch (UnsatisfiedLinkError e) {
            String why = firstLine(e.getMessage());
            throw new LoadException(namedByUser
                    ? "NVML: cannot load " + name + " named by " + LIBRARY_VARIABLE + " (" + why + "): fix the path"
                    : "NVML: " + name + " not found (" + why + "): install the NVIDIA driver or set "
                    + LIBRARY_VARIABLE + " to its file", !namedByUser);
        }
        try {
            Native.register(NvmlNative.class, library);
        } catch (UnsatisfiedLinkError e) {
            Native.unregister(NvmlNative.class);
            throw new LoadException("NVML: " + name + " is not a usable NVML library ("
                    + firstLine(e.getMessage()) + "): install a current NVIDIA driver", false);
        }
        Set<Optional> optional = EnumSet.noneOf(Optional.class);
        for (Optional entry : Optional.values()) {
            try {
                Native.register(entry.natives, library);
                optional.add(entry);
            } catch (UnsatisfiedLinkError e) {
                // an older driver without this entry point: its field stays unknown
            }
        }
        return new Bound(name, Set.copyOf(optional));
    }

    private static void unbind() {
        Native.unregister(NvmlNative.class);
        for (Optional entry : Optional.values()) {
            if (bound.has(entry)) {
                Native.unregister(entry.natives);
            }
        }
        bound = null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse(message).trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
