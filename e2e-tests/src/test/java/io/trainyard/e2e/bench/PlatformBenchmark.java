package io.trainyard.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The same training as {@code BareTrainingBenchmark}, submitted through the platform: REST, outbox,
 * Kafka, the worker with all its reporting, the projections. Prints the time from POST to
 * {@code succeeded} and the training time the job reports (started_at to finished_at).
 * Not a test; run through {@code bench/platform-vs-bare.sh}.
 *
 * <p>Args: root csv target task family epochs batch_size runs.
 */
public final class PlatformBenchmark {
    private PlatformBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[7]);
        TrainyardStack.Options options = new TrainyardStack.Options(root, root.resolve("bench/target"),
                "trainyard_bench", 0, 0);
        if (args.length > 8) {
            options = options.with("trainer-worker", "trainyard.worker.engine.intra-op-threads", args[8]);
        }
        try (TrainyardStack stack = TrainyardStack.start(options, m -> System.out.println("  " + m))) {
            TrainyardClient api = stack.client();
            String dataset = api.registerDataset(root.resolve(args[1]), "bench", args[2], args[3]).body().get("id")
                    .asText();
            String body = """
                    {"name": "bench", "dataset_id": "%s", "model_family": "%s",
                     "hyperparameters": {"epochs": %s, "batch_size": %s}, "validation_split": 0.2}"""
                    .formatted(dataset, args[4], args[5], args[6]);
            run(api, body); // warm-up: loads libtorch in the worker
            List<double[]> times = new ArrayList<>();
            long workerPid = stack.service("trainer-worker").pid();
            for (int i = 0; i < runs; i++) {
                CpuShares cpu = CpuShares.start(workerPid);
                double[] t = run(api, body);
                times.add(t);
                System.out.printf(Locale.ROOT, "platform run %d: %.3f s end to end, %.3f s training; %s%n", i + 1,
                        t[0], t[1], cpu.since());
            }
            System.out.printf(Locale.ROOT, "RESULT platform_seconds=%.4f platform_training_seconds=%.4f%n",
                    times.stream().mapToDouble(t -> t[0]).average().orElseThrow(),
                    times.stream().mapToDouble(t -> t[1]).average().orElseThrow());
        }
    }

    private static double[] run(TrainyardClient api, String body) {
        long start = System.nanoTime();
        String id = api.post("/api/v1/training/jobs", body).body().get("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/v1/training/jobs/" + id).body();
            String status = job.get("status").asText();
            if ("succeeded".equals(status)) {
                double total = (System.nanoTime() - start) / 1e9;
                double training = Duration.between(Instant.parse(job.get("started_at").asText()),
                        Instant.parse(job.get("finished_at").asText())).toMillis() / 1e3;
                return new double[] {total, training};
            }
            if (!"queued".equals(status) && !"running".equals(status)) {
                throw new IllegalStateException("benchmark job ended " + status + ": " + job);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("benchmark job did not finish");
    }
}
