package org.openedx.events.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openedx.events.settings.Secrets;

/**
 * A small client of the Confluent Schema Registry REST API, the part that Confluent's
 * serializers use: register a schema under a subject (which returns the id of an equal schema
 * already there) and fetch a schema by id. It works with any registry that speaks that API:
 * Confluent, Karapace, Apicurio's compatibility API ({@code .../apis/ccompat/v7}).
 *
 * <p>Answers are cached for the life of the client (ids and schemas never change), so a
 * producer asks once per subject and schema, and a consumer once per id. Credentials are
 * sent as HTTP basic authentication when a user or password is given, or when the URL holds
 * them ({@code https://user:password@host}); they never appear in messages. Thread-safe.
 */
public final class SchemaRegistryClient {

    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 2;

    private record Registration(String subject, String schema) {
    }

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();

    private SchemaRegistryClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * A client of the registry at {@code url}.
     *
     * @param user     the basic-auth user, or null or empty
     * @param password the basic-auth password, or null or empty
     * @throws IllegalArgumentException when the URL is not an http(s) URL (the message masks its password)
     */
    public static SchemaRegistryClient create(String url, String user, String password) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a schema registry URL: " + Secrets.maskUrlPasswords(url));
        }
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("Not an http(s) schema registry URL: " + Secrets.maskUrlPasswords(url));
        }
        String userInfo = uri.getRawUserInfo();
        String credentials = null;
        if (notEmpty(user) || notEmpty(password)) {
            // Upstream always sends "key:secret" once either is set.
            credentials = (user == null ? "" : user) + ":" + (password == null ? "" : password);
        } else if (userInfo != null) {
            credentials = java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        }
        String base = uri.getScheme() + "://" + uri.getRawAuthority().substring(userInfo == null ? 0
                : userInfo.length() + 1) + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return new SchemaRegistryClient(base, authorization);
    }

    /** A client with the registry settings of the bus. */
    public static SchemaRegistryClient create(KafkaSettings settings) {
        return create(settings.schemaRegistryUrl(), settings.schemaRegistryApiKey(),
                settings.schemaRegistryApiSecret());
    }

    /** The registry's base URL, without credentials. */
    public String url() {
        return baseUrl;
    }

    /**
     * Checks that the registry answers and accepts the credentials ({@code GET /schemas/types}).
     *
     * @throws SchemaRegistryException naming the URL and what went wrong
     */
    public void check() {
        send(HttpRequest.newBuilder(uri("/schemas/types")).GET(), "checking the registry");
    }

    /**
     * The id of {@code schema} under {@code subject}, registering it when the subject does not
     * hold it yet ({@code POST /subjects/{subject}/versions?normalize=false}, as Confluent's
     * serializers do with {@code auto.register.schemas=true}).
     *
     * @throws SchemaRegistryException naming the URL and subject when the registry refuses
     *                                 (e.g. an incompatible or invalid schema) or cannot be reached
     */
    public int register(String subject, String schema) {
        Registration registration = new Registration(subject, schema);
        Integer id = ids.get(registration);
        if (id != null) {
            return id;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/subjects/" + pathSegment(subject)
                + "/versions?normalize=false")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", MEDIA_TYPE);
        JsonNode answer = send(request, "registering the schema of subject '" + subject + "'");
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " answered without an id when "
                    + "registering the schema of subject '" + subject + "': " + shorten(answer.toString()), 200, false,
                    null);
        }
        id = answer.get("id").intValue();
        ids.put(registration, id);
        schemas.putIfAbsent(id, schema);
        return id;
    }

    /**
     * The schema text with this id ({@code GET /schemas/ids/{id}}). A registry may answer with
     * a canonical form of what was registered.
     *
     * @throws SchemaRegistryException naming the URL and id when there is no such schema or
     *                                 the registry cannot be reached
     */
    public String schema(int id) {
        String schema = schemas.get(id);
        if (schema != null) {
            return schema;
        }
        JsonNode answer = send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "fetching schema id " + id);
        if (!answer.path("schema").isTextual()) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " answered without a schema for id " + id
                    + ": " + shorten(answer.toString()), 200, false, null);
        }
        schema = answer.get("schema").textValue();
        schemas.put(id, schema);
        return schema;
    }

    private JsonNode send(HttpRequest.Builder builder, String what) {
        builder.timeout(REQUEST_TIMEOUT).header("Accept", MEDIA_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Every request here is idempotent: a connection that failed or hung is worth one more try.
                if (attempt < ATTEMPTS && !(e instanceof java.net.ConnectException)) {
                    continue;
                }
                String problem = e instanceof HttpTimeoutException ? " did not answer in time (" : " cannot be reached (";
                throw new SchemaRegistryException("Schema registry " + baseUrl + problem + what + "): " + describe(e),
                        0, true, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while " + what + " at schema registry " + baseUrl, 0,
                        true, e);
            }
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                return JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new SchemaRegistryException("Schema registry " + baseUrl + " answered " + what
                        + " with something that is not JSON: " + shorten(response.body()), status, false, e);
            }
        }
        boolean retriable = status >= 500 || status == 408 || status == 429;
        String hint = status == 401 || status == 403 ? " (check EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY and "
                + "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET)" : "";
        throw new SchemaRegistryException("Schema registry " + baseUrl + " refused " + what + ": HTTP " + status
                + errorDetail(response.body()) + hint, status, retriable, null);
    }

    private static String errorDetail(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("message")) {
                String code = error.has("error_code") ? "error " + error.get("error_code").asText() + ": " : "";
                return " (" + code + shorten(error.get("message").asText()) + ")";
            }
        } catch (JsonProcessingException e) {
            // not JSON: shown as text below
        }
        return body == null || body.isBlank() ? "" : " (" + shorten(body) + ")";
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String pathSegment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append(": ").append(cause);
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + (authorization == null ? "" : ", basic auth") + "]";
    }
}
