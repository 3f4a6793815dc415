package dev.memlens.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SshTargetTest {
    @Test
    void userHostAndPortAreOptionalParts() throws Exception {
        SshTarget alias = SshTarget.parse("gpu-box");
        assertNull(alias.user());
        assertEquals("gpu-box", alias.host());
        assertNull(alias.port());
        SshTarget full = SshTarget.parse("alice@10.0.0.5:2222");
        assertEquals("alice", full.user());
        assertEquals("10.0.0.5", full.host());
        assertEquals(2222, full.port());
        SshTarget v6 = SshTarget.parse("[fe80::1%eth0]:22");
        assertEquals("fe80::1%eth0", v6.host());
        assertEquals("[fe80::1%eth0]:22", v6.display());
        assertEquals("alice@10.0.0.5:2222", full.display());
    }

    @Test
    void optionLookalikesAndBadPortsAreRefused() {
        for (String bad : new String[] {"-oProxyCommand=x", "alice@-host", "-l@host", "host:0", "host:70000", "",
                "a b", "host:port"}) {
            SshException e = assertThrows(SshException.class, () -> SshTarget.parse(bad), bad);
            assertEquals(SshException.Kind.BAD_TARGET, e.kind());
            assertTrue(e.getMessage().contains("give e.g. gpu-box"), e.getMessage());
        }
    }
}
