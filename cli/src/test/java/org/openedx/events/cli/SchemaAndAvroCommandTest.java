package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaAndAvroCommandTest {

    static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    static final String USER = ProduceConsumeCommandTest.USER;
    /** avro.md §6.4: the login event's bytes. */
    static final String LOGIN_BYTES = "f601010c666f6f626f621e626f6240666f6f2e6578616d706c650e426f6220466f6f";

    @Test
    void schemaPrintsUpstreamsSchemaString() throws Exception {
        CliRun run = CliRun.of("schema", LOGIN);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).startsWith("{\"doc\": \"Avro Event Format for CloudEvents created with "
                + "openedx_events/schema\", \"fields\": [{\"name\": \"user\"").endsWith("\"namespace\": \"" + LOGIN
                + "\", \"type\": \"record\"}");
    }

    @Test
    void schemaDirWritesOneFilePerSerializableEvent(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("schema", "--dir", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(72);
        }
        Path login = dir.resolve(LOGIN.replace('.', '+') + "_schema.avsc");
        assertThat(new ObjectMapper().readTree(login.toFile()).get("namespace").asText()).isEqualTo(LOGIN);
        assertThat(Files.readString(login)).startsWith("{\n  \"name\": \"CloudEvent\",\n  \"type\": \"record\"");
    }

    @Test
    void encodeGivesUpstreamsBytesAndDecodeReadsThemBack() throws Exception {
        CliRun encoded = CliRun.of("avro", "encode", "-e", LOGIN, "-d", USER);
        assertThat(encoded.exitCode()).as(encoded.err()).isZero();
        byte[] bytes = java.util.Base64.getDecoder().decode(encoded.out().strip());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(LOGIN_BYTES);

        CliRun decoded = CliRun.of("avro", "decode", "-e", "SESSION_LOGIN_COMPLETED", encoded.out().strip());
        assertThat(decoded.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(decoded.out())).isEqualTo(new ObjectMapper().readTree(USER));
    }

    @Test
    void bytesThatDoNotDecodeAreNamed() {
        CliRun run = CliRun.of("avro", "decode", "-e", LOGIN, "9gEB");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(LOGIN);
        assertThat(CliRun.of("avro", "decode", "-e", LOGIN, "***").err()).contains("not base64");
    }

    @Test
    void bytesLeftAfterTheDataAreAnError() {
        String withTail = java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(LOGIN_BYTES + "0007"));
        CliRun run = CliRun.of("avro", "decode", "-e", LOGIN, withTail);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("2 byte(s) are left after the event's data");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void checkComparesWithAStoredSchema(@TempDir Path dir) throws Exception {
        Path stored = Path.of("../spec/golden/upstream-avsc/" + LOGIN.replace('.', '+') + "_schema.avsc");
        CliRun ok = CliRun.of("avro", "check", "-e", LOGIN, stored.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("compatible");

        Path incompatible = dir.resolve("bad.avsc");
        Files.writeString(incompatible, "{\"type\": \"record\", \"name\": \"CloudEvent\", \"namespace\": \"" + LOGIN
                + "\", \"fields\": [{\"name\": \"user\", \"type\": \"long\"}]}");
        CliRun bad = CliRun.of("avro", "check", "-e", LOGIN, incompatible.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("NOT compatible");
    }
}
