package dev.memlens.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memlens.testsupport.RealSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote-shell quoting function, checked by the remote shell itself: every argument must come back unchanged. */
class RemoteShellWithRealSshdTest {
    static final List<String> HOSTILE = List.of("plain", "", " ", "two words", "it's", "\"double\"", "$HOME",
            "$(touch /tmp/memlens-pwned)", "`id`", "a;b", "a&&b", "a|b", "a>b", "<in", "*", "?", "[a]", "~",
            "back\\slash", "new\nline", "tab\there", "!bang", "#hash", "'", "''", "'\\''", "--option=value",
            "ünïcødé ✓", "{a,b}", "%s", "-");

    @Test
    void quotesArePlainWhenTheyCanBe() {
        assertEquals("nvidia-smi --query-gpu=index,uuid -lms 100", RemoteShell.command(List.of("nvidia-smi",
                "--query-gpu=index,uuid", "-lms", "100")));
        assertEquals("'it'\\''s'", RemoteShell.quote("it's"));
        assertEquals("''", RemoteShell.quote(""));
        assertEquals("'$HOME'", RemoteShell.quote("$HOME"));
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.quote("nul\0byte"));
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.command(List.of()));
    }

    @Test
    void theRemoteShellReadsEveryArgumentBackUnchanged(@TempDir Path dir) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        try (RealSshd sshd = RealSshd.start(dir.resolve("sshd"), tools)) {
            List<String> argv = new ArrayList<>(List.of("printf", "<%s>\\n"));
            argv.addAll(HOSTILE);
            Process p = new ProcessBuilder("ssh", "-F", sshd.config().toString(), "-o", "BatchMode=yes",
                    RealSshd.ALIAS, RemoteShell.command(argv)).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
            StringBuilder expected = new StringBuilder();
            HOSTILE.forEach(a -> expected.append('<').append(a).append(">\n"));
            assertEquals(expected.toString(), out);
            assertEquals(false, Files.exists(Path.of("/tmp/memlens-pwned")), "nothing was executed");
        }
    }
}
