package dev.memlens.app.workbench;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the "extra engine arguments" field into an argument list the way a user types it in a shell: spaces
 * separate, single or double quotes keep spaces together. Nothing is expanded; no shell ever sees it.
 */
public final class ArgumentSplitter {
    private ArgumentSplitter() {
    }

    public static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        if (text == null) {
            return args;
        }
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("a " + (quote == '"' ? "double" : "single") + " quote is not closed");
        }
        if (inArg) {
            args.add(current.toString());
        }
        return args;
    }
}
