package io.trainyard.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.PrometheusText;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dataset upload of gigabytes (issue 12), through the whole local stack with job-api's heap capped at
 * {@value #JOB_API_HEAP}: the client streams a generated CSV from disk as multipart, job-api checks and stores it
 * as it arrives and answers 201 with its row count and SHA-256 (compared with the file's). Baseline in the same
 * run: a plain Java CSV read of the same file ({@code BufferedReader.readLine} and {@code String.split} on every
 * line, the file in the page cache), the floor of any parser in Java that hands out values. While the upload
 * runs, job-api's heap is sampled from {@code /q/metrics}. Not a test; run through {@code bench/dataset-upload.sh}.
 */
public final class DatasetUploadBenchmark {
    private static final String JOB_API_HEAP = "256m";
    private static final int FEATURES = 12;

    private DatasetUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        long megabytes = Long.parseLong(args[1]);
        Path csv = root.resolve("bench/target/upload-" + megabytes + "mb.csv");
        long rows = generate(csv, megabytes << 20);
        long bytes = Files.size(csv);
        System.out.printf(Locale.ROOT, "CSV %s: %,d bytes, %,d rows of %d features and a label%n", csv, bytes, rows,
                FEATURES);
        String sha256 = sha256(csv);

        double plainSeconds = Double.MAX_VALUE;
        for (int run = 0; run < 2; run++) { // the first also brings the file into the page cache
            long start = System.nanoTime();
            long values = plainRead(csv);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "plain Java read %d: %.1f s (%,d values)%n", run + 1, seconds, values);
            plainSeconds = Math.min(plainSeconds, seconds);
        }

        TrainyardStack.Options options = new TrainyardStack.Options(root, root.resolve("bench/target"),
                "trainyard_uploadbench", 0, 0).withHeap("job-api", JOB_API_HEAP);
        try (TrainyardStack stack = TrainyardStack.start(options, m -> System.out.println("  " + m))) {
            TrainyardClient api = stack.client();
            String metricsUrl = stack.service("job-api").baseUrl() + "/q/metrics";
            HeapSampler heap = new HeapSampler(metricsUrl);
            Thread sampler = new Thread(heap, "heap-sampler");
            sampler.setDaemon(true); // a failed upload ends the run
            sampler.start();
            long start = System.nanoTime();
            TrainyardClient.Reply reply = api.upload("/api/v1/datasets", csv, Map.of("name", "upload bench",
                    "target_column", "label", "task_type", "classification"));
            double seconds = (System.nanoTime() - start) / 1e9;
            heap.stop.set(true);
            sampler.join();
            JsonNode body = reply.body();
            if (reply.status() != 201) {
                throw new IllegalStateException("upload answered " + reply.status() + ": " + body);
            }
            if (body.get("row_count").asLong() != rows || !sha256.equals(body.get("sha256").asText())) {
                throw new IllegalStateException("stored " + body.get("row_count") + " rows, sha256 "
                        + body.get("sha256") + "; the file has " + rows + " rows, sha256 " + sha256);
            }
            double mib = bytes / 1048576.0;
            System.out.printf(Locale.ROOT, "upload: %.1f s, %d heap samples%n", seconds, heap.samples);
            System.out.printf(Locale.ROOT, "RESULT upload_mib_per_s=%.1f plain_read_mib_per_s=%.1f ratio=%.2f "
                    + "heap_max=%s heap_peak_used_mib=%.0f heap_peak_after_gc_mib=%.0f rows=%d mib=%.0f%n",
                    mib / seconds, mib / plainSeconds, plainSeconds / seconds, JOB_API_HEAP,
                    heap.peakUsed / 1048576.0, heap.peakLive / 1048576.0, rows, mib);
        }
    }

    /** Writes about {@code size} bytes of CSV once (a fixed seed: the same file for the same size); its rows. */
    private static long generate(Path csv, long size) throws IOException {
        Path rowsFile = csv.resolveSibling(csv.getFileName() + ".rows");
        if (Files.exists(csv) && Files.exists(rowsFile)) {
            return Long.parseLong(Files.readString(rowsFile).strip());
        }
        Files.createDirectories(csv.getParent());
        Random random = new Random(42);
        double[] weights = new double[FEATURES];
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < FEATURES; j++) {
            weights[j] = random.nextDouble() * 2 - 1;
            line.append('x').append(j + 1).append(',');
        }
        long rows = 0;
        long written;
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.append(line).append("label\n");
            written = line.length() + 6;
            while (written < size) {
                line.setLength(0);
                double score = random.nextDouble() - 0.5;
                for (int j = 0; j < FEATURES; j++) {
                    double x = Math.round((random.nextDouble() * 4 - 2) * 10_000) / 10_000.0;
                    score += weights[j] * x;
                    line.append(x).append(',');
                }
                line.append(score < -0.4 ? "a" : score < 0.4 ? "b" : "c").append('\n');
                out.append(line);
                written += line.length();
                rows++;
            }
        }
        Files.writeString(rowsFile, Long.toString(rows));
        return rows;
    }

    /** The baseline: every line read and split into its values, as a plain Java CSV reader does. */
    private static long plainRead(Path csv) throws IOException {
        long values = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                values += line.split(",", -1).length;
            }
        }
        return values;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** job-api's heap, scraped every 100 ms: the highest sum of the heap pools, and the highest live data after GC. */
    private static final class HeapSampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        private final HttpClient http = HttpClient.newHttpClient();
        private final HttpRequest scrape;
        volatile double peakUsed;
        volatile double peakLive;
        volatile int samples;

        HeapSampler(String metricsUrl) {
            this.scrape = HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).GET().build();
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    PrometheusText metrics = PrometheusText.parse(http.send(scrape,
                            HttpResponse.BodyHandlers.ofString()).body());
                    double used = metrics.series("jvm_memory_used_bytes", Map.of("area", "heap")).stream()
                            .mapToDouble(PrometheusText.Sample::value).sum();
                    peakUsed = Math.max(peakUsed, used);
                    peakLive = Math.max(peakLive, metrics.valueOrZero("jvm_gc_live_data_size_bytes", Map.of()));
                    samples++;
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | RuntimeException e) {
                    // A scrape that fails while the service is busy is skipped; the next one counts.
                }
            }
        }
    }
}
