package dev.memlens.core.run.process;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/** Splits a character stream into lines on \n, \r\n and a lone \r (tqdm redraws with \r). */
final class LineSplitter {
    private LineSplitter() {
    }

    static void split(Reader in, Consumer<String> lines) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder(256);
        boolean previousWasCarriageReturn = false;
        int read;
        while ((read = in.read(buffer)) != -1) {
            for (int i = 0; i < read; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    if (!previousWasCarriageReturn) {
                        lines.accept(line.toString());
                    }
                    line.setLength(0);
                    previousWasCarriageReturn = false;
                } else if (c == '\r') {
                    lines.accept(line.toString());
                    line.setLength(0);
                    previousWasCarriageReturn = true;
                } else {
                    line.append(c);
                    previousWasCarriageReturn = false;
                }
            }
        }
        if (line.length() > 0) {
            lines.accept(line.toString());
        }
    }
}
