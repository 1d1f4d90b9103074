package io.trainyard.jobs.hostile;

import io.trainyard.jobs.registry.HostileBundles;
import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.Requests;

import io.trainyard.support.problem.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Hostile model registry requests: names and aliases of nothing (SQL-ish, path-ish, unicode), versions that
 * are no version, bad flags and bodies, broken bundles. No hostile name is ever a registered model's, so
 * every request is refused and nothing is registered, aliased or removed.
 */
final class HostileModels {
    static final String BASE = "/api/v1/models";

    private HostileModels() {
    }

    /** A model name that is not registered: anything hostile, made unique; the name is at fault too if it holds a control character. */
    private static String name(Hostile h, List<String> alsoAt) {
        String raw = h.string() + h.oneOf("", "-" + Long.toHexString(h.random().nextLong()));
        if (Params.hasControlCharacters(raw, false)) {
            alsoAt.add("name");
        }
        return h.pathSegment(raw);
    }

    private static HostileRequest at(HostileRequest request, List<String> alsoAt) {
        HostileRequest out = request;
        for (String field : alsoAt) {
            out = out.alsoAt(field);
        }
        return out;
    }

    private static String version(Hostile h, boolean valid) {
        return h.pathSegment(valid ? Integer.toString(h.between(1, 3)) : h.notIntegerIn(1, Integer.MAX_VALUE));
    }

    static Function<Hostile, HostileRequest> byName(String method, String suffix) {
        return h -> {
            List<String> also = new ArrayList<>();
            return Requests.noise(h, at(HostileRequest.of(method, BASE + "/" + name(h, also) + suffix, null,
                    "unknown name"), also));
        };
    }

    static Function<Hostile, HostileRequest> versions() {
        return h -> {
            List<String> also = new ArrayList<>();
            String target = BASE + "/" + name(h, also) + "/versions";
            return at(switch (h.random().nextInt(3)) {
                case 0 -> HostileRequest.of("GET", target + "?" + h.query("order", h.string()), "order", "bad order");
                case 1 -> HostileRequest.of("GET", target + "?" + h.query("limit", h.notIntegerIn(1, 1000)), "limit",
                        "bad limit");
                default -> Requests.noise(h, HostileRequest.of("GET", target + "?" + h.query("order_by", h.string()),
                        null, "hostile order_by").alsoAt("order_by"));
            }, also);
        };
    }

    /** A route with a {version}: a version that is none (400) or one of a model that does not exist (404). */
    static Function<Hostile, HostileRequest> version(String method, String suffix) {
        return h -> {
            boolean valid = h.chance(0.4);
            List<String> also = new ArrayList<>();
            return Requests.noise(h, at(HostileRequest.of(method, BASE + "/" + name(h, also) + "/versions/"
                    + version(h, valid) + suffix, valid ? null : "version", valid ? "unknown model" : "bad version"),
                    also));
        };
    }

    static Function<Hostile, HostileRequest> export() {
        return h -> {
            List<String> also = new ArrayList<>();
            String target = BASE + "/" + name(h, also) + "/versions/" + version(h, true) + "/export?";
            String field = h.oneOf("include_config", "include_metrics", "include_normalization", "include_samples",
                    "num_samples", "description");
            String value = switch (field) {
                case "num_samples" -> h.notIntegerIn(1, 10);
                case "description" -> "d".repeat(h.between(2001, 6000));
                default -> h.oneOf("TRUE", "1", "yes", "", h.string());
            };
            return at(HostileRequest.of("GET", target + h.query(field, value), field, "bad " + field), also);
        };
    }

    static Function<Hostile, HostileRequest> predict() {
        return h -> {
            List<String> also = new ArrayList<>();
            String target = BASE + "/" + name(h, also) + "/versions/" + version(h, true) + "/predict";
            return at(switch (h.random().nextInt(4)) {
                case 0 -> HostileRequest.of("POST", target, null, "bad body").body("application/json",
                        h.badJsonDocument());
                case 1 -> HostileRequest.of("POST", target, "rows", "bad rows").body("application/json",
                        "{\"rows\": " + h.oneOf("[]", "{}", "1", "\"x\"", "[" + "{},".repeat(100) + "{}]", "null")
                                + "}");
                case 2 -> HostileRequest.of("POST", target, "rows[0]", "bad row").body("application/json",
                        "{\"rows\": [" + h.jsonNotString().replaceFirst("^\\{.*", "1") + "]}");
                default -> HostileRequest.of("POST", target, null, "hostile values, unknown model")
                        .body("application/json", "{\"rows\": [{" + Hostile.jsonString(h.string()) + ": "
                                + h.jsonNumber() + "}]}");
            }, also);
        };
    }

    static Function<Hostile, HostileRequest> setAlias() {
        return h -> {
            List<String> also = new ArrayList<>();
            String rawAlias = h.chance(0.5) ? h.string() : "champion";
            if (Params.hasControlCharacters(rawAlias, false)) {
                also.add("alias");
            }
            String alias = h.pathSegment(rawAlias);
            String target = BASE + "/" + name(h, also) + "/aliases/" + alias;
            if (h.chance(0.15)) {
                return at(HostileRequest.of("PUT", target, null, "wrong content type").body(h.contentType(),
                        "{\"version\": 1}").alsoAt("Content-Type"), also);
            }
            boolean badVersion = rawAlias.equals("champion") || h.chance(0.5);
            String body = badVersion ? "{\"version\": " + h.any(h::jsonNotNumber, () -> h.oneOf("0", "-1", "1.5",
                    "1e309", "2147483648", "9223372036854775808")) + "}" : "{\"version\": 1}";
            if (badVersion && h.chance(0.3)) {
                return at(HostileRequest.of("PUT", target, null, "not a JSON object").body("application/json",
                        h.badJsonDocument()), also);
            }
            return at(HostileRequest.of("PUT", target, badVersion ? "version" : "alias",
                    badVersion ? "bad version" : "bad alias").body("application/json", body), also);
        };
    }

    static Function<Hostile, HostileRequest> imports() {
        return h -> {
            if (h.chance(0.1)) {
                return HostileRequest.of("POST", BASE + "/import", "description", "bad description, intact bundle")
                        .body(Multipart.TYPE, new Multipart().file("file", "m.trainyard", HostileBundles.intact())
                                .field("description", h.oneOf("a\u0000b", "\u001b[31m", "d".repeat(2001))).bytes());
            }
            if (h.chance(0.15)) {
                return HostileRequest.of("POST", BASE + "/import", "name", "bad name, intact bundle").body(
                        Multipart.TYPE, new Multipart().file("file", "m.trainyard", HostileBundles.intact())
                                .field("name", h.oneOf("-x", "../x", "a b", "m".repeat(129), "\u00e9", "a\u0000"))
                                .bytes());
            }
            if (h.chance(0.1)) {
                return HostileRequest.of("POST", BASE + "/import", null, "not multipart").body(h.contentType(),
                        HostileBundles.intact());
            }
            HostileBundles.Broken broken = HostileBundles.any(h);
            return HostileRequest.of("POST", BASE + "/import", "file", "bundle: " + broken.kind())
                    .body(Multipart.TYPE, new Multipart().file("file", "m.trainyard", broken.bytes())
                            .field("name", "hostile-import").bytes());
        };
    }
}
