package dev.memlens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HomePathsTest {
    private static final Path HOME = Path.of("/home/ana");

    @Test
    void pathsUnderTheHomeReadWithATildeOthersAsTheyAre() {
        assertEquals("~/models/llama3-8b/config.json", HomePaths.abbreviate(Path.of("/home/ana/models/llama3-8b/config.json"), HOME));
        assertEquals("~/.local/share/memlens/runs", HomePaths.abbreviate(Path.of("/home/ana/.local/share/memlens/runs"), HOME));
        assertEquals("~", HomePaths.abbreviate(HOME, HOME));
        assertEquals("/home/anabel/x", HomePaths.abbreviate(Path.of("/home/anabel/x"), HOME), "not a prefix by letters");
        assertEquals("/data/runs", HomePaths.abbreviate(Path.of("/data/runs"), HOME));
    }

    @Test
    void aTildeExpandsToTheHome() {
        assertEquals("/home/ana/models/x", HomePaths.expand("~/models/x", "/home/ana"));
        assertEquals("/home/ana", HomePaths.expand("~", "/home/ana"));
        assertEquals("~bob/x", HomePaths.expand("~bob/x", "/home/ana"), "another user's home is not guessed");
        assertEquals("meta-llama/Llama-3", HomePaths.expand("meta-llama/Llama-3", "/home/ana"));
    }
}
