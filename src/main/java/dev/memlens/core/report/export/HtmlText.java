package dev.memlens.core.report.export;

/** Escaping for text and attribute values in the HTML/SVG export: every value from a report goes through here. */
final class HtmlText {
    private HtmlText() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // control characters other than tab/newline are not allowed in HTML or XML text
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
