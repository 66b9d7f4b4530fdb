package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PythonUuidTest {

    private static final UUID ID = UUID.fromString("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002");

    @Test
    void readsEveryShapePythonReads() {
        for (String text : new String[] {"5e3b9d2e-8a1f-11ee-b9d1-0242ac120002", "5E3B9D2E-8A1F-11EE-B9D1-0242AC120002",
                "{5e3b9d2e-8a1f-11ee-b9d1-0242ac120002}", "urn:uuid:5e3b9d2e-8a1f-11ee-b9d1-0242ac120002",
                "5e3b9d2e8a1f11eeb9d10242ac120002"}) {
            assertThat(PythonUuid.parse(text)).as(text).isEqualTo(ID);
        }
        assertThatThrownBy(() -> PythonUuid.parse("1-1-1-1-1")).hasMessageContaining("badly formed");
    }

    @Test
    void jsonSortsKeysByCodePointAsPythonDoes() {
        String astral = new String(Character.toChars(0x1F600));
        String privateUse = "\uE000";
        assertThat(CodePointOrder.compare(astral, privateUse)).isPositive();
        assertThat(privateUse.compareTo(astral)).isPositive();
        assertThat(PythonJson.dumps(java.util.Map.of(astral, 1, privateUse, 2), true))
                .isEqualTo("{\"\\ue000\": 2, \"\\ud83d\\ude00\": 1}");
    }
}
