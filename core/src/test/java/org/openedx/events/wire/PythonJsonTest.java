package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonJsonTest {

    @Test
    void writesPythonSeparatorsSortedKeysAndAsciiEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Zoë \"q\"");
        value.put("fields", List.of(1, true, Map.of()));
        value.put("default", null);

        assertThat(PythonJson.dumps(value, true))
                .isEqualTo("{\"default\": null, \"fields\": [1, true, {}], \"name\": \"Zo\\u00eb \\\"q\\\"\"}");
        assertThat(PythonJson.dumps(value, false)).startsWith("{\"name\": ");
    }
}
