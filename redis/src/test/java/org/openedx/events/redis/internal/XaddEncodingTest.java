package org.openedx.events.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes of the {@code XADD} head, with and without {@code ACKED}, and the version that takes it. */
class XaddEncodingTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theHeadIsUpstreamsWithoutAckedOnly() {
        assertThat(text(XaddEncoding.head("dev-user-login", 10_000)))
                .isEqualTo("$14\r\ndev-user-login\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$5\r\n10000\r\n$1\r\n*\r\n");
        assertThat(XaddEncoding.argumentCount(false)).isEqualTo(XaddEncoding.ARGUMENTS).isEqualTo(21);
    }

    /** Redis 8.2's form: {@code XADD key [KEEPREF | DELREF | ACKED] [MAXLEN ~ n] * field value ...}. */
    @Test
    void ackedOnlyTrimmingPutsAckedBeforeMaxlen() {
        assertThat(text(XaddEncoding.head("dev-user-login", 10_000, true)))
                .isEqualTo("$14\r\ndev-user-login\r\n$5\r\nACKED\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$5\r\n10000\r\n$1\r\n*\r\n");
        assertThat(XaddEncoding.argumentCount(true)).isEqualTo(22);
    }

    @Test
    void ackedTrimmingNeedsRedis82() {
        assertThat(XaddEncoding.supportsAcked("7.0.15")).isFalse();
        assertThat(XaddEncoding.supportsAcked("7.4.2")).isFalse();
        assertThat(XaddEncoding.supportsAcked("8.0.3")).isFalse();
        assertThat(XaddEncoding.supportsAcked("8.2.0")).isTrue();
        assertThat(XaddEncoding.supportsAcked("8.2")).isTrue();
        assertThat(XaddEncoding.supportsAcked("8.10.1")).isTrue();
        assertThat(XaddEncoding.supportsAcked("9.0.0")).isTrue();
        assertThat(XaddEncoding.supportsAcked("unknown")).isFalse();
        assertThat(XaddEncoding.serverVersion("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n"))
                .isEqualTo("7.0.15");
    }
}
