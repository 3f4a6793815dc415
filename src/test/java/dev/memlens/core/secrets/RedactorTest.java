package dev.memlens.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void everySpellingOfARegisteredSecretIsMasked() {
        Redactor.register("tok/en+with\"odd");
        assertEquals("key [redacted] end", Redactor.redact("key tok/en+with\"odd end"));
        assertEquals("json \"[redacted]\"", Redactor.redact("json \"tok\\/en+with\\\"odd\""));
        assertEquals("url ?k=[redacted]", Redactor.redact("url ?k=tok%2Fen%2Bwith%22odd"));
        assertNull(Redactor.redact(null));
    }

    @Test
    void shortOrBlankValuesAreNotSecrets() {
        Redactor.register("ab");
        Redactor.register("   ");
        Redactor.register(null);
        assertEquals("ab cd", Redactor.redact("ab cd"));
    }

    @Test
    void aWriterMasksASecretSplitOverSeveralWrites() throws Exception {
        Redactor.register("split-secret-123");
        StringWriter target = new StringWriter();
        try (RedactingWriter writer = new RedactingWriter(target)) {
            writer.write("before split-");
            writer.write("secret");
            writer.write("-123 after\nnext line");
        }
        assertEquals("before [redacted] after\nnext line", target.toString());
    }
}
