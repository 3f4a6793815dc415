package dev.memlens.core.secrets;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that holds text back until a line ends (or a flush), so that a secret split over several writes is still
 * masked, and then passes it on through {@link Redactor#redact(String)}.
 */
public final class RedactingWriter extends Writer {
    private final Writer target;
    private final StringBuilder pending = new StringBuilder();

    public RedactingWriter(Writer target) {
        this.target = target;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            pending.append(c);
            if (c == '\n' || c == '\r') {
                drain();
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        drain();
        target.close();
    }

    private void drain() throws IOException {
        if (pending.length() > 0) {
            target.write(Redactor.redact(pending.toString()));
            pending.setLength(0);
        }
    }
}
