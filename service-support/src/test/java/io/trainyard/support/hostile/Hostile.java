package io.trainyard.support.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The seeded source of hostile values: strings a client should never send (control characters, unicode
 * edge cases, SQL-ish and path-ish text, huge text), JSON of the wrong type, numbers out of every range.
 * Everything is drawn from one {@link Random}, so a seed reproduces a run.
 */
public final class Hostile {
    private static final List<String> NASTY = List.of("", " ", "\t", "null", "undefined", "0", "-1", "NaN",
            "Infinity", "-Infinity", "1e309", "9223372036854775808", "-9223372036854775809", "0x1F", "1_000",
            "' OR '1'='1", "'; DROP TABLE training_job; --", "1; SELECT pg_sleep(10)", "\" OR \"\"=\"",
            "%' OR 1=1 --", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "..", ".",
            "%2e%2e%2f", "file:///etc/passwd", "C:\\con\\aux", "${jndi:ldap://x.invalid/a}", "#{7*7}", "{{7*7}}",
            "<script>alert(1)</script>", "%s%s%s%n", "\u0000", "a\u0000b", "\u001b[31mred", "line\r\nX-Injected: 1",
            "\uFEFFbom", "\u202Etxt.exe", "e\u0301\u0301\u0301", "\uD83D\uDE00\uD83D\uDCA9", "\u200B", "\uFFFF",
            "Ｔｒａｉｎ", "日本語", "مرحبا", "İı", "ß", "\\u0000", "\\", "\"", "'", "`", "{}", "[]", "*", "?", "#",
            "&", "=", "+", "%", "%%", "%zz", "/", "//", ";", ",");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "text/csv",
            "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data",
            "multipart/form-data; boundary=", "application/json; charset=utf-16", "application/json; charset=nope",
            "*/*", "application/", "garbage", "application/json;;;", "image/png");

    private final Random random;

    public Hostile(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    public final <T> T oneOf(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T oneOf(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** Calls one of the suppliers. */
    @SafeVarargs
    public final <T> T any(Supplier<T>... options) {
        return options[random.nextInt(options.length)].get();
    }

    /** A string no field should be happy with, now and then very long. */
    public String string() {
        return switch (random.nextInt(6)) {
            case 0 -> repeat(oneOf(NASTY), between(2, 40));
            case 1 -> oneOf(NASTY) + oneOf(NASTY);
            case 2 -> repeat(oneOf("a", "\u00e9", "\uD83D\uDE00", "'", "\u0000", "/"), between(1_000, 20_000));
            case 3 -> controlCharacters();
            default -> oneOf(NASTY);
        };
    }

    /** A string that is not a UUID. */
    public String notUuid() {
        String uuid = UUID.randomUUID().toString();
        return any(this::string, () -> uuid.substring(0, between(0, 35)), () -> uuid + "0", () -> "1-2-3-4-5",
                () -> uuid.replace('-', '_'), () -> "{" + uuid + "}", () -> uuid.replace('a', 'g'),
                () -> " " + uuid, () -> uuid.toUpperCase().replace('-', ' '));
    }

    /** Text that is not an integer in [min, max]. */
    public String notIntegerIn(long min, long max) {
        return any(this::string, () -> Long.toString(min - 1 - random.nextInt(1000)),
                () -> max == Long.MAX_VALUE ? "9223372036854775808" : Long.toString(max + 1 + random.nextInt(1000)),
                () -> "1.5", () -> "1e3", () -> "+", () -> "99999999999999999999999999", () -> "-0x10",
                () -> "١٢", () -> Long.toString(min) + "abc");
    }

    private String controlCharacters() {
        StringBuilder out = new StringBuilder();
        for (int i = between(1, 30); i > 0; i--) {
            out.append((char) random.nextInt(0x20));
        }
        return out.toString();
    }

    /** A JSON value (as text) that is not a string. */
    public String jsonNotString() {
        return any(this::jsonNumber, () -> oneOf("true", "false", "{}", "[]", "[\"a\"]", "{\"a\":\"b\"}"),
                () -> deepJson(between(10, 200)));
    }

    /** A JSON value (as text) that is not a number. */
    public String jsonNotNumber() {
        return any(() -> jsonString(string()), () -> oneOf("true", "false", "{}", "[]", "[1]", "\"1\""),
                () -> deepJson(between(10, 200)));
    }

    /** A JSON number a schema should reject somewhere: huge, tiny, negative, fractional, beyond double. */
    public String jsonNumber() {
        return oneOf("-1", "0", "-0", "1e309", "-1e309", "1e-400", "9223372036854775808", "-9223372036854775809",
                "1.0000000000000000000000001", "123456789012345678901234567890", "0.5", "2147483648", "-2147483649",
                "1E2", "1e308", "4.9e-324", "-2.5");
    }

    /** A JSON string literal of the text, escaped. */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Arrays and objects nested this deep. */
    public String deepJson(int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append(i % 2 == 0 ? "[" : "{\"a\":");
        }
        out.append("1");
        for (int i = depth - 1; i >= 0; i--) {
            out.append(i % 2 == 0 ? "]" : "}");
        }
        return out.toString();
    }

    /** A whole body that is not the JSON object an endpoint reads. */
    public String badJsonDocument() {
        return any(() -> "", () -> " ", () -> "null", () -> "[]", () -> "42", () -> "\"text\"", () -> "{",
                () -> "{\"a\":}", () -> "{'single': 'quotes'}", () -> "{\"a\": NaN}", () -> "{\"a\": Infinity}",
                () -> "{\"a\": 1,}", () -> "{\"a\": 01}", () -> "\uFEFF{}x", () -> "{\"a\": \"\u0000\"}",
                () -> deepJson(between(1_000, 100_000)), () -> "[" + "1,".repeat(between(10_000, 300_000)) + "1]",
                () -> "{\"a\": \"" + "x".repeat(between(100_000, 3_000_000)) + "\"}", () -> "\u0000\u0001\u0002",
                () -> "{\"a\":1}{\"b\":2}", () -> "<xml/>", () -> "a=b&c=d");
    }

    /** A content type that is not the one an endpoint reads. */
    public String contentType() {
        return oneOf(CONTENT_TYPES);
    }

    /**
     * A path segment, percent-encoded so that it reaches the application as the hostile text; cut to
     * {@link #URI_TEXT} characters so that the request line stays within quarkus.http.limits.max-initial-line-length
     * (beyond it the HTTP layer, not the application, answers).
     */
    public String pathSegment(String raw) {
        return URLEncoder.encode(clip(raw), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter, encoded, cut like {@link #pathSegment}. */
    public String query(String name, String value) {
        return URLEncoder.encode(clip(name), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(clip(value), StandardCharsets.UTF_8);
    }

    /** Characters of hostile text in one part of a URI: at most 12 encoded characters each, well within 4096. */
    static final int URI_TEXT = 100;

    private static String clip(String raw) {
        return raw.length() <= URI_TEXT ? raw : raw.substring(0, URI_TEXT);
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }
}
