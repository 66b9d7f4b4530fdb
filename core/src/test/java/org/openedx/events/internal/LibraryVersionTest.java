package org.openedx.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LibraryVersionTest {

    @Test
    void suffixesAreCutSoPythonConsumersCanReadTheVersion() {
        assertThat(LibraryVersion.parse("0.1.0-SNAPSHOT")).containsExactly(0, 1, 0);
        assertThat(LibraryVersion.parse("11.2.0")).containsExactly(11, 2, 0);
        assertThat(LibraryVersion.parse("2.0.rc1")).containsExactly(2, 0);
    }
}
