package io.trainyard.e2e;

import io.trainyard.devstack.TrainyardClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Load while the database is down: each round creates a job and reads through job-api, reads each read-model
 * service directly, and asks every service whether it is ready. Counts what came back, by status.
 */
final class OutageProbe {
    private final Map<String, TrainyardClient> services;
    private final String job;
    private final JobChecks jobs;
    private final int epochs;
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Set<String> unready = new HashSet<>();
    private final List<String> created = new ArrayList<>();
    private final List<String> badUnavailable = new ArrayList<>();
    private int requests;
    private int round;

    /** @param epochs of the jobs it creates, should one get through */
    OutageProbe(Map<String, TrainyardClient> services, String job, JobChecks jobs, int epochs) {
        this.services = services;
        this.job = job;
        this.jobs = jobs;
        this.epochs = epochs;
    }

    void round() {
        round++;
        TrainyardClient api = services.get("job-api");
        String name = "faults-pg-probe-" + round + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        var create = jobs.tryCreate(name, epochs, name);
        count(create, true);
        if (create.status() == 201) {
            created.add(create.body().get("id").asText());
        }
        count(api.get("/api/v1/training/jobs/" + job), true);
        count(api.get("/api/v1/training/jobs?page_size=5"), true);
        count(api.get("/api/v1/training/jobs/" + job + "/events"), true);
        count(services.get("metrics-service").get("/api/v1/metrics/jobs/" + job), true);
        count(services.get("lineage-service").get("/api/v1/lineage/runs/" + job), true);
        services.forEach((service, client) -> {
            var ready = client.get("/q/health/ready");
            count(ready, false);
            if (ready.status() == 503 && "DOWN".equals(ready.body().path("status").asText())) {
                unready.add(service);
            }
        });
        Await.sleep(200);
    }

    private void count(TrainyardClient.Reply reply, boolean api) {
        requests++;
        byStatus.merge(reply.status(), 1, Integer::sum);
        if (api && reply.status() == 503 && (reply.header("Retry-After") == null
                || !reply.contentType().startsWith("application/problem+json"))) {
            badUnavailable.add(reply.contentType() + " " + reply.body());
        }
    }

    boolean sawEveryServiceUnready() {
        return unready.containsAll(services.keySet());
    }

    int unavailable() {
        return byStatus.getOrDefault(503, 0);
    }

    int serverErrorsOtherThan503() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                .mapToInt(Map.Entry::getValue).sum();
    }

    int unavailableWithoutRetryAfterOrProblem() {
        return badUnavailable.size();
    }

    /** Jobs a create answered 201 for (none while the database is down). */
    List<String> created() {
        return created;
    }

    @Override
    public String toString() {
        return requests + " requests in " + round + " rounds, by status " + byStatus + ", not ready: " + unready
                + (badUnavailable.isEmpty() ? "" : ", 503 without Retry-After or problem+json: " + badUnavailable);
    }
}
