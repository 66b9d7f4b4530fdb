package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextColumnTest {

    @Test
    void whatIsWrittenReadsBackInOrder() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        context.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7 \"quoted\" \\ \u00e9\n");
        assertThat(TraceContextColumn.read(TraceContextColumn.write(context))).containsExactlyEntriesOf(context);
    }

    @Test
    void nothingCarriedLeavesTheColumnNull() {
        assertThat(TraceContextColumn.write(Map.of())).isNull();
        assertThat(TraceContextColumn.read(" { } ")).isEmpty();
    }

    @Test
    void textThatIsNotAFlatObjectOfStringsIsRefused() {
        assertThatThrownBy(() -> TraceContextColumn.read("{\"a\": 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceContextColumn.read("{\"a\": \"b\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceContextColumn.read("[]")).isInstanceOf(IllegalArgumentException.class);
    }
}
