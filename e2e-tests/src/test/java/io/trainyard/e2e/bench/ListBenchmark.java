package io.trainyard.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Job lists and stats at a million stored jobs: starts the stack as the local run does, loads the jobs with
 * {@code bench/list-jobs-load.sql} (psql, straight into job-api's database), then times each read through the
 * API as the local run's user (tenant {@code demo}, about 22 % of the jobs) against the bare SQL that answers the
 * same question over JDBC. Not a test; run through {@code bench/list-jobs.sh}.
 *
 * <p>Args: root jobs.
 */
public final class ListBenchmark {
    private static final String TENANT = "demo";
    private static final String DATABASE = "trainyard_listbench_jobs";
    /** Requests per measure at most, and the time one measure may take; the first few are a warm-up. */
    private static final int SAMPLES = 200;
    private static final int WARM_UP = 10;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Duration WARM_UP_TIME = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String api;
    private final String token;
    private final Connection sql;

    private ListBenchmark(String api, String token, Connection sql) {
        this.api = api;
        this.token = token;
        this.sql = sql;
    }

    /** Latency percentiles of one measure, in milliseconds. */
    record Timing(double p50, double p99, int samples) {
        static Timing of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Timing(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length);
        }

        private static double percentile(double[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    interface Action {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int jobs = Integer.parseInt(args[1]);
        try (TrainyardStack stack = TrainyardStack.start(new TrainyardStack.Options(root,
                root.resolve("bench/target"), "trainyard_listbench", 0, 0), m -> System.out.println("  " + m))) {
            String template = templateJob(stack.client(), root);
            String[] address = stack.postgresAddress().split(":");
            load(root, address, template, jobs);
            try (Connection sql = DriverManager.getConnection("jdbc:postgresql://" + stack.postgresAddress() + "/"
                    + DATABASE, "postgres", System.getenv().getOrDefault("TRAINYARD_PG_PASSWORD", ""))) {
                new ListBenchmark(stack.jobApiUrl(), stack.defaultToken(), sql).run();
            } finally {
                stack.postgres().dropDatabase(DATABASE);
            }
        }
    }

    /** A real job, created and cancelled through the API: the loaded jobs copy its configuration. */
    private static String templateJob(TrainyardClient client, Path root) {
        String dataset = client.registerDataset(root.resolve("samples/datasets/iris.csv"), "iris", "species",
                "classification").body().get("id").asText();
        String job = client.post("/api/v1/training/jobs", """
                {"name": "template", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset))
                .body().get("id").asText();
        client.post("/api/v1/training/jobs/" + job + "/cancel", "");
        return job;
    }

    private static void load(Path root, String[] address, String template, int jobs) throws Exception {
        System.out.printf(Locale.ROOT, "loading %,d jobs with bench/list-jobs-load.sql...%n", jobs);
        long start = System.nanoTime();
        Process psql = new ProcessBuilder("psql", "-X", "-q", "-h", address[0], "-p", address[1], "-U", "postgres",
                "-d", DATABASE, "-v", "jobs=" + jobs, "-v", "template=" + template, "-v",
                "worker=" + TrainyardStack.WORKER_ID, "-f", root.resolve("bench/list-jobs-load.sql").toString())
                .inheritIO().start();
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("loading the jobs failed");
        }
        System.out.printf(Locale.ROOT, "loaded in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void run() throws Exception {
        JsonNode first = get("/api/v1/training/jobs?page_size=20");
        boolean cursors = first.has("next_cursor");
        System.out.printf(Locale.ROOT, "tenant %s: total %s (estimate: %s); cursor paging: %s%n", TENANT,
                first.get("total"), first.path("total_is_estimate").asText("not reported"), cursors);
        String deepCursor = cursors ? cursorAfter(10_000) : null;
        Object[] deepKey = deepCursor == null ? null : keyAfter(10_000);

        String succeeded = " AND status = 'SUCCEEDED'";
        List<Measure> measures = new ArrayList<>(List.of(
                new Measure("first page, total", "/api/v1/training/jobs?page_size=20", () -> page("", 0, null),
                        () -> { page("", 0, null); count(""); }),
                new Measure("first page, status=succeeded", "/api/v1/training/jobs?page_size=20&status=succeeded",
                        () -> page(succeeded, 0, null), () -> { page(succeeded, 0, null); count(succeeded); }),
                new Measure("page 500 (page=500)", "/api/v1/training/jobs?page_size=20&page=500",
                        () -> page("", 9_980, null), () -> { page("", 9_980, null); count(""); })));
        if (deepCursor != null) {
            measures.add(new Measure("after 10,000 jobs (cursor)", "/api/v1/training/jobs?page_size=20&cursor="
                    + URLEncoder.encode(deepCursor, StandardCharsets.UTF_8), () -> page("", 0, deepKey),
                    () -> { page("", 0, deepKey); count(""); }));
        }
        measures.add(new Measure("stats", "/api/v1/training/stats", null, this::bareStats));
        warmUp(measures);
        System.out.printf(Locale.ROOT, "%nload average before: %s", loadAverage());
        System.out.printf(Locale.ROOT, "%n%-30s %8s %8s %4s | %9s | %8s %8s | %6s%n", "measure (ms)", "api p50",
                "api p99", "n", "page p50", "sql p50", "sql p99", "ratio");
        for (Measure measure : measures) {
            report(measure);
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        System.out.println("""

                page: the bare page query over JDBC (LIMIT, OFFSET or keyset on the same order), the floor of any list.
                sql: the bare SQL for the same answer computed from the jobs themselves: the page and an exact count(*)
                of the tenant's matching jobs; for stats, the per-status, per-priority, worker and last-day aggregates
                over the tenant's jobs. ratio = api p50 / sql p50.""");
    }

    /** One line of the table: a route of the API, the bare page query, and the bare SQL for the same answer. */
    record Measure(String name, String path, Action floor, Action bare) {
    }

    /**
     * Every measure's request and SQL in turn for a while, so that the service's JIT and both sides' caches are
     * warm before anything is timed, whichever measure comes first.
     */
    private void warmUp(List<Measure> measures) throws Exception {
        long deadline = System.nanoTime() + WARM_UP_TIME.toNanos();
        for (int round = 0; round < 100 && System.nanoTime() < deadline; round++) {
            for (Measure measure : measures) {
                fetch(measure.path());
                measure.bare().run();
            }
        }
    }

    private void report(Measure measure) throws Exception {
        Timing api = time(() -> fetch(measure.path()));
        String page = measure.floor() == null ? "-" : String.format(Locale.ROOT, "%.2f", time(measure.floor()).p50());
        Timing base = time(measure.bare());
        System.out.printf(Locale.ROOT, "%-30s %8.2f %8.2f %4d | %9s | %8.2f %8.2f | %6.2f%n", measure.name(),
                api.p50(), api.p99(), api.samples(), page, base.p50(), base.p99(), api.p50() / base.p50());
    }

    private static String loadAverage() throws java.io.IOException {
        return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private Timing time(Action action) throws Exception {
        List<Double> millis = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        for (int i = 0; i < WARM_UP + SAMPLES && (i < WARM_UP + 10 || System.nanoTime() < deadline); i++) {
            long start = System.nanoTime();
            action.run();
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return Timing.of(millis);
    }

    /** The cursor the API hands out after the first {@code jobs} jobs, walked through in pages of 100. */
    private String cursorAfter(int jobs) throws Exception {
        String cursor = null;
        for (int seen = 0; seen < jobs; seen += 100) {
            JsonNode page = get("/api/v1/training/jobs?page_size=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            cursor = page.get("next_cursor").asText();
        }
        return cursor;
    }

    /** (created_at, id) of the {@code jobs}th job, newest first: where the bare keyset query starts. */
    private Object[] keyAfter(int jobs) throws SQLException {
        try (PreparedStatement s = sql.prepareStatement("SELECT created_at, id FROM training_job WHERE tenant = ? "
                + "ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
            s.setString(1, TENANT);
            s.setInt(2, jobs - 1);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Object[] {rs.getTimestamp(1), rs.getObject(2, UUID.class)};
            }
        }
    }

    private void page(String filter, int offset, Object[] after) throws SQLException {
        String keyset = after == null ? "" : " AND (created_at, id) < (?, ?)";
        try (PreparedStatement s = sql.prepareStatement("SELECT * FROM training_job WHERE tenant = ?" + filter
                + keyset + " ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 20")) {
            int i = 1;
            s.setString(i++, TENANT);
            if (after != null) {
                s.setTimestamp(i++, (Timestamp) after[0]);
                s.setObject(i++, after[1]);
            }
            s.setInt(i, offset);
            drain(s);
        }
    }

    private void count(String filter) throws SQLException {
        try (PreparedStatement s = sql.prepareStatement("SELECT count(*) FROM training_job WHERE tenant = ?" + filter)) {
            s.setString(1, TENANT);
            drain(s);
        }
    }

    /** The aggregates the stats show, computed from the jobs themselves. */
    private void bareStats() throws SQLException {
        for (String query : Arrays.asList(
                "SELECT status, count(*) FROM training_job WHERE tenant = ? GROUP BY status",
                "SELECT priority, count(*) FROM training_job WHERE tenant = ? AND status = 'QUEUED' GROUP BY priority",
                "SELECT count(*) FILTER (WHERE finished_at > now() - interval '1 hour'), "
                        + "count(*) FILTER (WHERE finished_at > now() - interval '1 day'), "
                        + "count(*) FILTER (WHERE status = 'SUCCEEDED' AND finished_at > now() - interval '1 day'), "
                        + "count(*) FILTER (WHERE status = 'FAILED' AND finished_at > now() - interval '1 day'), "
                        + "avg(extract(epoch FROM started_at - created_at)) "
                        + "FILTER (WHERE started_at > now() - interval '1 day') FROM training_job WHERE tenant = ?")) {
            try (PreparedStatement s = sql.prepareStatement(query)) {
                s.setString(1, TENANT);
                drain(s);
            }
        }
        try (PreparedStatement s = sql.prepareStatement("SELECT count(*), coalesce(sum(slots), 0), "
                + "coalesce(sum(busy_slots), 0) FROM worker_heartbeat WHERE sent_at > now() - interval '30 seconds'")) {
            drain(s);
        }
    }

    private static void drain(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getObject(c);
                }
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(fetch(path));
    }

    /** The body of a 200 answer, unparsed: what the timings measure. */
    private byte[] fetch(String path) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }
}
