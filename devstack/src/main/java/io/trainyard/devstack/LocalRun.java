package io.trainyard.devstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh}: starts the whole system on this machine, registers the sample datasets,
 * trains a real model end to end while printing its progress, prints the final metrics and lineage,
 * and stays up for curl until Ctrl-C ({@code --exit} stops after the demo instead).
 */
public final class LocalRun {
    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        boolean exitAfterDemo = java.util.Arrays.asList(args).contains("--exit");
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve(".local");
        say("Starting Trainyard locally (data and logs in " + work + ")");
        // TRAINYARD_LOCAL_S3=true keeps the artifacts in a local S3 server (S3Proxy) instead of a shared folder.
        boolean s3 = Boolean.parseBoolean(System.getenv("TRAINYARD_LOCAL_S3"));
        TrainyardStack stack = TrainyardStack.start(new TrainyardStack.Options(root, work, "trainyard_local", 9092,
                8080, s3), message -> say("  " + message));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping Trainyard...");
            stack.close();
            stopped.countDown();
        }));

        String api = stack.jobApiUrl();
        TrainyardClient client = stack.client();
        // The ready-made token of the local user (an admin of the demo tenant), also kept for scripts.
        String token = stack.defaultToken();
        java.nio.file.Files.writeString(work.resolve("token"), token);
        say("Registering the sample datasets");
        String iris = register(client, root, "iris.csv", "Iris", "species", "classification");
        register(client, root, "penguins.csv", "Palmer penguins", "species", "classification");
        String cars = register(client, root, "cars.csv", "Auto MPG", "mpg", "regression");

        say("Submitting a training job: mlp_classifier on Iris (family defaults)");
        var created = client.post("/api/v1/training/jobs", """
                {"name": "iris-demo", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(iris));
        if (created.status() != 201) {
            throw new IllegalStateException("job creation failed: " + created.body());
        }
        String jobId = created.body().get("id").asText();
        say("  job " + jobId + ": " + created.body().get("train_rows") + " training rows, "
                + created.body().get("val_rows") + " validation rows, hyperparameters "
                + created.body().get("hyperparameters"));
        JsonNode job = follow(client, jobId);
        if (!"succeeded".equals(job.get("status").asText())) {
            say("The demo job ended " + job.get("status").asText() + ": " + job.path("error_message").asText());
            say("Worker log: " + stack.log("trainer-worker"));
            System.exit(1);
        }
        printResult(client, job);

        say("");
        say("Trainyard is up. Web console: " + api + "/  (signed in: " + api + "/#token=" + token + ")");
        say("Signed in as " + DevIdentity.DEFAULT_USER + ", admin of tenant " + DevIdentity.DEFAULT_TENANT
                + ". Bearer token (valid 12 h; also in " + work.resolve("token") + "), paste it into the console:");
        say("  " + token);
        say("Try:");
        say("  export TRAINYARD_TOKEN=$(cat " + work.resolve("token") + ")");
        String auth = "-H \"Authorization: Bearer $TRAINYARD_TOKEN\" ";
        say("  curl -s " + auth + api + "/api/v1/training/jobs | jq");
        say("  curl -s " + auth + api + "/api/v1/training/jobs/" + jobId + "/metrics | jq");
        say("  curl -s " + auth + api + "/api/v1/training/jobs/" + jobId + "/lineage | jq");
        say("  curl -s " + auth + "-X POST " + api + "/api/v1/training/jobs -H 'Content-Type: application/json' \\");
        say("       -d '{\"name\":\"mpg\",\"dataset_id\":\"" + cars + "\",\"model_family\":\"mlp_regressor\"}'");
        say("  curl -N " + auth + api + "/api/v1/training/stream   # live events of every job (SSE)");
        say("  OpenAPI: " + api + "/q/openapi   Swagger UI: " + api + "/q/swagger-ui");
        say("Logs: " + work.resolve("logs"));
        if (exitAfterDemo) {
            System.exit(0);
        }
        say("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String register(TrainyardClient client, Path root, String file, String name, String target,
            String task) {
        var reply = client.registerDataset(root.resolve("samples/datasets").resolve(file), name, target, task);
        if (reply.status() != 201) {
            throw new IllegalStateException("could not register " + file + ": " + reply.body());
        }
        say("  " + name + ": " + reply.body().get("row_count") + " rows, id " + reply.body().get("id").asText());
        return reply.body().get("id").asText();
    }

    /** Prints a progress line whenever the job changes, until it finishes. */
    private static JsonNode follow(TrainyardClient client, String jobId) {
        String last = "";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = client.get("/api/v1/training/jobs/" + jobId).body();
            String status = job.get("status").asText();
            String line = switch (status) {
                case "queued" -> "  queued, waiting for a worker...";
                case "running" -> String.format(Locale.ROOT, "  %s %5.1f%%  epoch %d/%d  ETA %s  on %s",
                        bar(job.get("progress_percent").asDouble()), job.get("progress_percent").asDouble(),
                        job.get("current_epoch").asInt(), job.get("total_epochs").asInt(),
                        job.path("eta_seconds").isNull() ? "?" : job.path("eta_seconds").asLong() + "s",
                        job.path("device").asText("?"));
                default -> String.format(Locale.ROOT, "  %s 100.0%%  %s", bar(100), status);
            };
            if (!line.equals(last)) {
                say(line);
                last = line;
            }
            if (!"queued".equals(status) && !"running".equals(status)) {
                return job;
            }
            KafkaBroker.sleep(400);
        }
        throw new IllegalStateException("job " + jobId + " did not finish within 15 minutes");
    }

    private static void printResult(TrainyardClient client, JsonNode job) {
        String id = job.get("id").asText();
        say("");
        say("Final metrics (validation split):");
        for (Iterator<Map.Entry<String, JsonNode>> it = job.get("final_metrics").fields(); it.hasNext();) {
            var metric = it.next();
            say(String.format(Locale.ROOT, "  %-20s %.4f", metric.getKey(), metric.getValue().asDouble()));
        }
        JsonNode series = client.get("/api/v1/training/jobs/" + id + "/metrics").body().get("items");
        say("Per-epoch metrics from metrics-service: " + series.size() + " epochs; last three:");
        for (int i = Math.max(0, series.size() - 3); i < series.size(); i++) {
            JsonNode e = series.get(i);
            say(String.format(Locale.ROOT, "  epoch %3d  train_loss %.4f  val_loss %.4f  val_accuracy %.4f",
                    e.get("epoch").asInt(), e.get("train_loss").asDouble(), e.get("val_loss").asDouble(),
                    e.path("val_accuracy").asDouble()));
        }
        JsonNode lineage = client.get("/api/v1/training/jobs/" + id + "/lineage").body();
        say("Lineage from lineage-service (OpenLineage run " + lineage.path("run_id").asText() + ", "
                + lineage.path("state").asText() + "):");
        lineage.path("inputs").forEach(d -> say("  input   " + d.path("namespace").asText() + ":"
                + d.path("name").asText() + "  sha256 " + d.path("facets").path("trainyard_dataset")
                        .path("sha256").asText()));
        say("  run     " + lineage.path("job").path("namespace").asText() + ":" + lineage.path("job").path("name")
                .asText());
        lineage.path("outputs").forEach(d -> say("  output  " + d.path("namespace").asText() + ":"
                + d.path("name").asText() + "  " + d.path("facets").path("trainyard_model").path("uri").asText()));
        say("Model: " + job.get("model_uri").asText() + " (sha256 " + job.get("model_checksum").asText() + ")");
    }

    private static String bar(double percent) {
        int filled = (int) Math.round(percent / 5);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
