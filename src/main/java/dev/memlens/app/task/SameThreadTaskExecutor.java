package dev.memlens.app.task;

/** Runs each task at once on the calling thread: ViewModel tests need no toolkit and no waiting. */
public final class SameThreadTaskExecutor implements TaskExecutor {
    @Override
    public <T> void submit(BackgroundTask<T> task) {
        T result;
        try {
            result = task.work().call();
        } catch (Exception e) {
            task.failed(e);
            return;
        }
        task.succeeded(result);
    }

    @Override
    public void shutdown() {
    }
}
