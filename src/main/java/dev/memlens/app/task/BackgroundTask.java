package dev.memlens.app.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Work without UI plus what to do with its result or failure on the UI thread. */
public final class BackgroundTask<T> {
    private final String title;
    private final Callable<T> work;
    private Consumer<T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure = e -> { };

    private BackgroundTask(String title, Callable<T> work) {
        this.title = title;
        this.work = work;
    }

    public static <T> BackgroundTask<T> of(String title, Callable<T> work) {
        return new BackgroundTask<>(Objects.requireNonNull(title), Objects.requireNonNull(work));
    }

    public BackgroundTask<T> onSuccess(Consumer<T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    public String title() {
        return title;
    }

    public Callable<T> work() {
        return work;
    }

    public void succeeded(T result) {
        onSuccess.accept(result);
    }

    public void failed(Throwable error) {
        onFailure.accept(error);
    }
}
