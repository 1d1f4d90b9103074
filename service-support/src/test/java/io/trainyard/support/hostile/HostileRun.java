package io.trainyard.support.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.openapi.OpenApiRoutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Fires generated hostile requests at every route of a service's OpenAPI document and checks each answer:
 * never a 5xx; every 4xx an {@code application/problem+json} document of its status, a 400, 413 or 422
 * naming the field at fault; no write route (POST, PUT, DELETE) accepts anything, since every generated
 * request is invalid. A route without a generator fails the run, and so does a generator for a route that
 * no longer exists. The seed ({@code -Dhostile.seed}, 1 unless set) reproduces a run; each route draws from its
 * own generator seeded by the run's seed and the route, so a route's requests do not depend on the others.
 */
public final class HostileRun {
    /** Routes that exist only in test runs: service-support's FaultResource fails on purpose. */
    private static final String TEST_ONLY = "/test-faults";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final Set<Integer> NAMING = Set.of(400, 413, 422);
    private static final int REPORTED_PER_ROUTE = 4;

    /** The counts of one route. */
    public static final class Tally {
        int tried;
        int ok;
        int clientErrors;
        int serverErrors;
        int failures;
        long millis;
    }

    private record Generator(int count, Function<Hostile, HostileRequest> make) {
    }

    private final HostileClient client;
    private final long seed;
    private final Map<String, Generator> generators = new LinkedHashMap<>();
    private final Map<String, Tally> tallies = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final List<TableSnapshot.View> views = new ArrayList<>();

    public HostileRun(HostileClient client) {
        this.client = client;
        // A fixed seed by default, so that the build is repeatable; -Dhostile.seed=<n> explores other inputs.
        this.seed = Long.getLong("hostile.seed", 1L);
    }

    /** Registers {@code count} requests for the route "METHOD /path/{param}" as the OpenAPI document names it. */
    public HostileRun route(String key, int count, Function<Hostile, HostileRequest> make) {
        if (generators.put(key, new Generator(count, make)) != null) {
            throw new IllegalArgumentException("two generators for " + key);
        }
        return this;
    }

    /**
     * Compares what {@code query} reads instead of the rows of the tables it replaces: for tables that the service
     * rewrites in the background without changing their meaning.
     */
    public HostileRun comparing(String name, String query, String... replaces) {
        views.add(new TableSnapshot.View(name, query, List.of(replaces)));
        return this;
    }

    /**
     * Sends every route of the service's OpenAPI document its requests and fails if a promise was broken or the
     * database holds, row for row, anything else afterwards than before.
     */
    public void runChangingNothing(TableSnapshot.Database database) {
        TableSnapshot before = TableSnapshot.settled(database, views);
        run(routes());
        String changed = before.difference(TableSnapshot.take(database, views));
        if (!changed.isEmpty()) {
            throw new AssertionError("hostile requests changed the database:\n" + changed);
        }
    }

    /** The service's routes, but those that exist only in test runs (service-support's FaultResource). */
    private static List<OpenApiRoutes.Route> routes() {
        try {
            return OpenApiRoutes.all().stream().filter(r -> !r.path().startsWith(TEST_ONLY)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends every route's requests and fails, after all of them, with every broken promise seen. */
    private void run(List<OpenApiRoutes.Route> routes) {
        Set<String> declared = new TreeSet<>();
        routes.forEach(r -> declared.add(r.toString()));
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(generators.keySet());
        Set<String> stale = new TreeSet<>(generators.keySet());
        stale.removeAll(declared);
        if (!missing.isEmpty() || !stale.isEmpty()) {
            throw new AssertionError("routes without a hostile-input generator: " + missing
                    + "; generators for routes the OpenAPI document does not list: " + stale);
        }
        for (String key : declared) {
            Generator generator = generators.get(key);
            Hostile hostile = new Hostile(seed ^ key.hashCode());
            Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
            for (int i = 0; i < generator.count(); i++) {
                HostileRequest request = generator.make().apply(hostile);
                long start = System.nanoTime();
                HostileClient.Answer answer = client.send(request);
                tally.millis += (System.nanoTime() - start) / 1_000_000;
                check(key, request, answer, tally);
            }
        }
        System.out.println(report());
        if (!failures.isEmpty()) {
            throw new AssertionError(tallies.values().stream().mapToInt(t -> t.failures).sum() + " broken promises (seed " + seed + ", rerun with"
                    + " -Dhostile.seed=" + seed + "):\n" + String.join("\n", failures));
        }
    }

    private void check(String key, HostileRequest request, HostileClient.Answer answer, Tally tally) {
        tally.tried++;
        int status = answer.status();
        String problem = null;
        if (status == HostileClient.NO_ANSWER) {
            tally.serverErrors++;
            problem = "no answer (connection closed)";
        } else if (status >= 500) {
            tally.serverErrors++;
            problem = "a server error";
        } else if (status >= 400) {
            tally.clientErrors++;
            problem = checkProblem(request, answer);
        } else {
            tally.ok++;
            if (WRITES.contains(request.method())) {
                problem = "a write route accepted an invalid request";
            }
        }
        if (problem != null) {
            tally.failures++;
            if (tally.failures <= REPORTED_PER_ROUTE || status >= 500 || status == HostileClient.NO_ANSWER) {
                String body = new String(answer.body(), StandardCharsets.UTF_8);
                failures.add(printable(key + ": " + problem + ": " + request + " -> " + status + " "
                        + answer.contentType() + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body)));
            }
        }
    }

    /** Control characters escaped: raw, they would garble the test report (and surefire's channel to its JVM). */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return out.toString();
    }

    /** Null when the answer is the problem document it should be. */
    private String checkProblem(HostileRequest request, HostileClient.Answer answer) {
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "a rejection that is not application/problem+json";
        }
        JsonNode document;
        try {
            document = json.readTree(answer.body());
        } catch (IOException e) {
            return "a problem document that is not JSON";
        }
        if (document == null || document.path("status").asInt() != answer.status()) {
            return "a problem document without its status";
        }
        if (!NAMING.contains(answer.status())) {
            return null;
        }
        List<String> named = new ArrayList<>();
        document.path("errors").forEach(e -> named.add(e.path("field").asText()));
        if (named.isEmpty()) {
            return "a rejection of input that names no field";
        }
        Set<String> fields = request.fields();
        if (!fields.isEmpty() && named.stream().noneMatch(n -> fields.stream().anyMatch(f -> n.equals(f)
                || n.startsWith(f + ".") || n.startsWith(f + "[")))) {
            return "a rejection naming " + named + " instead of " + fields;
        }
        return null;
    }

    /** The seed and the counts per route, as printed after a run. */
    public String report() {
        StringBuilder out = new StringBuilder("hostile input, seed " + seed + "\n");
        out.append(String.format("%-64s %6s %5s %5s %5s %6s %7s%n", "route", "tried", "2xx", "4xx", "5xx", "broken",
                "ms"));
        Tally total = new Tally();
        tallies.forEach((key, t) -> {
            out.append(String.format("%-64s %6d %5d %5d %5d %6d %7d%n", key, t.tried, t.ok, t.clientErrors,
                    t.serverErrors, t.failures, t.millis));
            total.tried += t.tried;
            total.ok += t.ok;
            total.clientErrors += t.clientErrors;
            total.serverErrors += t.serverErrors;
            total.failures += t.failures;
            total.millis += t.millis;
        });
        out.append(String.format("%-64s %6d %5d %5d %5d %6d %7d", "total (" + tallies.size() + " routes)",
                total.tried, total.ok, total.clientErrors, total.serverErrors, total.failures, total.millis));
        return out.toString();
    }

    public int tried() {
        return tallies.values().stream().mapToInt(t -> t.tried).sum();
    }
}
