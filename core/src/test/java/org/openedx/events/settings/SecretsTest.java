package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URL passwords are masked by reading the URL: whatever characters the password has. */
class SecretsTest {

    @Test
    void plainPasswordsAreMasked() {
        assertThat(Secrets.maskUrlPasswords("redis://user:hunter2@localhost:6379/0"))
                .isEqualTo("redis://user:****@localhost:6379/0");
        assertThat(Secrets.maskUrlPasswords("rediss://:pw@host and http://a:b@c"))
                .isEqualTo("rediss://:****@host and http://a:****@c");
        assertThat(Secrets.maskUrlPasswords("redis://localhost:6379/0")).isEqualTo("redis://localhost:6379/0");
        assertThat(Secrets.maskUrlPasswords("redis://someone@host/0")).isEqualTo("redis://someone@host/0");
        assertThat(Secrets.maskUrlPasswords(null)).isNull();
    }

    /** The user information runs to the last '@' before the host: '@', '/' and spaces are part of the password. */
    @Test
    void passwordsWithAtSignsSlashesAndSpacesAreMaskedWhole() {
        assertThat(Secrets.maskUrlPasswords("redis://:p@ss@cache:6379/0")).isEqualTo("redis://:****@cache:6379/0");
        assertThat(Secrets.maskUrlPasswords("redis://app:pa/ss/word@cache:6379/0"))
                .isEqualTo("redis://app:****@cache:6379/0");
        assertThat(Secrets.maskUrlPasswords("redis://app:my secret pass@cache:6379/0"))
                .isEqualTo("redis://app:****@cache:6379/0");
        assertThat(Secrets.maskUrlPasswords("EVENT_BUS_REDIS_CONNECTION_URL=rediss://:a@b/c d@[::1]:6380/2 failed"))
                .isEqualTo("EVENT_BUS_REDIS_CONNECTION_URL=rediss://:****@[::1]:6380/2 failed");
        assertThat(Secrets.maskUrlPasswords("redis://u:x@y@cache\nnext line a:b@c"))
                .isEqualTo("redis://u:****@cache\nnext line a:b@c");
    }

    @Test
    void passwordQueryParametersAreMasked() {
        assertThat(Secrets.maskUrlPasswords("redis://cache:6379/0?password=hunter2&db=1"))
                .isEqualTo("redis://cache:6379/0?password=****&db=1");
        assertThat(Secrets.maskUrlPasswords("redis://cache/0?db=1&password=p@ss/w"))
                .isEqualTo("redis://cache/0?db=1&password=****");
    }
}
