package org.openedx.events.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code EVENT_BUS_REDIS_CONNECTION_URL} read as redis-py's {@code from_url} reads it:
 * {@code redis://[[user]:password@]host[:port][/db][?db=N&...]}, {@code rediss://} for TLS.
 * A user without a password is a user name, as in redis-py (Lettuce would take it as the
 * password). The password is never shown: {@link #toString()} masks it, and error messages
 * never quote the URL.
 *
 * The user information runs to the last '@' before the host, so a password with an
 * unencoded '@' (or a space) is read whole, and with an unencoded '/' too when what precedes
 * it is no host and port.
 *
 * <p>Query parameters used: {@code db} (wins over the path), {@code username} and
 * {@code password} (as redis-py: used when the URL has no user information of its own),
 * {@code ssl_cert_reqs}
 * ({@code none}, {@code optional}: no certificate check; {@code required}, the default),
 * {@code ssl_check_hostname} ({@code false}: check the certificate but not the host name),
 * {@code socket_connect_timeout} (seconds) and {@code client_name}. Others are redis-py
 * connection tunings with no use here and are ignored with a warning.
 */
public final class RedisConnectionUrl {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnectionUrl.class);
    private static final String SETTING = "EVENT_BUS_REDIS_CONNECTION_URL";
    private static final int DEFAULT_PORT = 6379;
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "[A-Za-z0-9._~%\\-]*(\\[[0-9A-Fa-f:.%]*])?(:[^/?#@]*)?(?=[/?#]|$)");
    private static final java.util.regex.Pattern PLAIN_HOST = java.util.regex.Pattern.compile(
            "[A-Za-z0-9._~%\\-]*(\\[[0-9A-Fa-f:.%]*])?(:\\d*)?");

    private final boolean tls;
    private final String host;
    private final int port;
    private final int database;
    private final String username;
    private final String password;
    private final SslVerifyMode verifyMode;
    private final Duration connectTimeout;
    private final String clientName;

    private RedisConnectionUrl(boolean tls, String host, int port, int database, String username, String password,
                               SslVerifyMode verifyMode, Duration connectTimeout, String clientName) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
        this.verifyMode = verifyMode;
        this.connectTimeout = connectTimeout;
        this.clientName = clientName;
    }

    /**
     * @throws InvalidSettingException naming the part of the URL that cannot be used (never
     *                                 quoting the URL, which may hold a password)
     */
    public static RedisConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException(SETTING, "is missing: cannot configure event-bus-redis");
        }
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new InvalidSettingException(SETTING, "must start with redis:// or rediss:// (found scheme '"
                    + scheme + "')");
        }
        String rest = text.substring(schemeEnd + 3);
        // The user information runs to the last '@' that a host follows: a password may hold '@', '/' or spaces.
        int at = userInfoEnd(rest);
        String userInfo = at < 0 ? null : rest.substring(0, at);
        rest = at < 0 ? rest : rest.substring(at + 1);
        int fragment = rest.indexOf('#');
        rest = fragment < 0 ? rest : rest.substring(0, fragment);
        int queryStart = rest.indexOf('?');
        Map<String, String> query = queryStart < 0 ? Map.of() : parseQuery(rest.substring(queryStart + 1));
        rest = queryStart < 0 ? rest : rest.substring(0, queryStart);
        int pathStart = rest.indexOf('/');
        String hostPort = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "" : rest.substring(pathStart);

        // As redis-py: ?username= and ?password= apply, and the URL's user information wins over them.
        String username = query.get("username");
        String password = query.get("password");
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = emptyToNull(unquote(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            String secret = colon < 0 ? null : emptyToNull(unquote(userInfo.substring(colon + 1)));
            username = user != null ? user : username;
            password = secret != null ? secret : password;
        }
        String host = "localhost";
        int port = DEFAULT_PORT;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidSettingException(SETTING, "has an IPv6 host without its closing ']'");
            }
            host = hostPort.substring(1, close);
            portText = close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':'
                    ? hostPort.substring(close + 2) : null;
        } else if (!hostPort.isEmpty()) {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            host = host.isEmpty() ? "localhost" : unquote(host);
        }
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                // Not quoted: a password with an unencoded character can end up here.
                throw new InvalidSettingException(SETTING, "has a port that is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidSettingException(SETTING, "has port " + port + ", outside 1-65535");
            }
        }
        int database = databaseOf(query, path);
        SslVerifyMode verifyMode = verifyModeOf(query);
        Duration connectTimeout = query.containsKey("socket_connect_timeout")
                ? seconds(query.get("socket_connect_timeout"), "socket_connect_timeout") : null;
        for (String name : query.keySet()) {
            if (!name.matches("db|username|password|ssl_cert_reqs|ssl_check_hostname|socket_connect_timeout|client_name")) {
                LOG.warn("{}: ignoring the query parameter '{}', which has no use with this client", SETTING, name);
            }
        }
        return new RedisConnectionUrl(scheme.equals("rediss"), host, port, database, username, password, verifyMode,
                connectTimeout, query.get("client_name"));
    }

    /**
     * Where the user information ends, or -1 for none: the last '@' of the authority (up to the
     * first '/', '?' or '#'); when the authority has none and is no host and port (a password
     * with an unencoded '/', '?' or '#' cut it short), the last '@' that a host follows.
     */
    private static int userInfoEnd(String rest) {
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int index = rest.indexOf(c);
            end = index >= 0 ? Math.min(end, index) : end;
        }
        String authority = rest.substring(0, end);
        if (authority.indexOf('@') >= 0) {
            return authority.lastIndexOf('@');
        }
        if (PLAIN_HOST.matcher(authority).matches()) {
            return -1;
        }
        for (int at = rest.lastIndexOf('@'); at >= 0; at = at == 0 ? -1 : rest.lastIndexOf('@', at - 1)) {
            if (HOST.matcher(rest).region(at + 1, rest.length()).lookingAt()) {
                return at;
            }
        }
        return -1;
    }

    private static int databaseOf(Map<String, String> query, String path) {
        if (query.containsKey("db")) {
            return parseInt(query.get("db"), "db");
        }
        String digits = unquote(path).replace("/", "");
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            // redis-py ignores a path that is not a number and uses database 0; so does this
            return 0;
        }
    }

    private static SslVerifyMode verifyModeOf(Map<String, String> query) {
        String certReqs = query.getOrDefault("ssl_cert_reqs", "required").toLowerCase(Locale.ROOT);
        SslVerifyMode mode = switch (certReqs) {
            case "none", "optional", "cert_none", "cert_optional" -> SslVerifyMode.NONE;
            case "required", "cert_required" -> SslVerifyMode.FULL;
            default -> throw new InvalidSettingException(SETTING, "has ssl_cert_reqs '" + certReqs
                    + "'; expected none, optional or required");
        };
        String checkHostname = query.get("ssl_check_hostname");
        if (mode == SslVerifyMode.FULL && checkHostname != null && isFalse(checkHostname)) {
            mode = SslVerifyMode.CA;
        }
        return mode;
    }

    private static boolean isFalse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "0", "f", "false", "n", "no" -> true;
            default -> false;
        };
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String value = eq < 0 ? "" : unquote(pair.substring(eq + 1));
            if (!value.isEmpty()) {
                values.putIfAbsent(unquote(eq < 0 ? pair : pair.substring(0, eq)), value);
            }
        }
        return values;
    }

    private static int parseInt(String text, String part) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(SETTING, "has " + part + " '" + text + "', which is not an integer");
        }
    }

    private static Duration seconds(String text, String part) {
        try {
            return Duration.ofNanos((long) (Double.parseDouble(text.trim()) * 1e9));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(SETTING, "has " + part + " '" + text + "', which is not a number");
        }
    }

    /** Python's {@code unquote}: percent-escapes decoded, {@code +} kept. */
    private static String unquote(String text) {
        return text.indexOf('%') < 0 ? text : URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Whether the connection uses TLS ({@code rediss://}). */
    public boolean tls() {
        return tls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The database number. */
    public int database() {
        return database;
    }

    /** The ACL user name, if any. */
    public String username() {
        return username;
    }

    /** Whether the URL carries a password (which is never returned). */
    public boolean hasPassword() {
        return password != null;
    }

    /** How the server certificate is checked with TLS. */
    public SslVerifyMode verifyMode() {
        return verifyMode;
    }

    /** The Lettuce address, with credentials, database and TLS options. */
    public RedisURI toRedisUri() {
        RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database);
        if (tls) {
            builder.withSsl(true).withVerifyPeer(verifyMode);
        }
        if (password != null) {
            if (username != null) {
                builder.withAuthentication(username, password);
            } else {
                builder.withPassword(password.toCharArray());
            }
        }
        if (clientName != null) {
            builder.withClientName(clientName);
        }
        return builder.build();
    }

    /** The connect timeout the URL asks for, if any. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The URL with the password masked: {@code redis://user:****@host:6379/0}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username != null || password != null) {
            text.append(username == null ? "" : username);
            text.append(password == null ? "" : ":" + Secrets.MASK).append('@');
        }
        text.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append('/')
                .append(database);
        return text.toString();
    }
}
