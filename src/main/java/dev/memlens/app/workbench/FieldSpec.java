package dev.memlens.app.workbench;

import java.util.List;

/**
 * How a form field is shown: text, a choice (editable combo), or a switch; in the common part or under "Advanced";
 * and its tooltip, which names the flag it sets.
 */
record FieldSpec(String key, Kind kind, List<String> choices, boolean advanced, String tooltip) {
    enum Kind { TEXT, CHOICE, SWITCH }

    static FieldSpec text(String key, String tooltip) {
        return new FieldSpec(key, Kind.TEXT, List.of(), false, tooltip);
    }

    static FieldSpec choice(String key, List<String> choices, String tooltip) {
        return new FieldSpec(key, Kind.CHOICE, choices, false, tooltip);
    }

    static FieldSpec flag(String key, String tooltip) {
        return new FieldSpec(key, Kind.SWITCH, List.of(), false, tooltip);
    }

    FieldSpec inAdvanced() {
        return new FieldSpec(key, kind, choices, true, tooltip);
    }
}
