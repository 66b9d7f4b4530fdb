package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldNamesTest {

    @Test
    void convertsBothWays() {
        assertThat(FieldNames.toWire("isActive")).isEqualTo("is_active");
        assertThat(FieldNames.toWire("subTest0")).isEqualTo("sub_test_0");
        assertThat(FieldNames.toWire("id")).isEqualTo("id");
        assertThat(FieldNames.toJava("source_usage_key")).isEqualTo("sourceUsageKey");
        assertThat(FieldNames.toJava("sub_test_0")).isEqualTo("subTest0");
    }
}
