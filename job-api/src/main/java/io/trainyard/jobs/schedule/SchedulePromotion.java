package io.trainyard.jobs.schedule;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.jobs.registry.ModelRegistry;
import io.trainyard.jobs.registry.ModelVersion;
import io.trainyard.jobs.registry.RegisteredModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * When a scheduled job's model version is registered, moves the schedule's alias to it if it beats the version
 * the alias points at in the schedule's metric (in the metric's direction: losses and errors down, the rest up).
 * Runs in the transaction that marks the job succeeded and registers the version, so a redelivered event that the
 * projection skips cannot promote twice, and a crash leaves neither.
 */
@ApplicationScoped
public class SchedulePromotion {
    private static final Logger LOG = Logger.getLogger(SchedulePromotion.class);

    private final ScheduleRunRepository runs;
    private final ScheduleRepository schedules;
    private final ModelRegistry registry;

    public SchedulePromotion(ScheduleRunRepository runs, ScheduleRepository schedules, ModelRegistry registry) {
        this.runs = runs;
        this.schedules = schedules;
        this.registry = registry;
    }

    /** For a version just registered from a job; nothing unless a schedule with a promotion created the job. */
    public Uni<Void> consider(ModelVersion version) {
        return runs.byJob(version.jobId).flatMap(run -> run == null ? Uni.createFrom().voidItem()
                : schedules.findById(run.key.scheduleId()).flatMap(schedule -> {
                    if (schedule == null || schedule.promoteAlias == null) {
                        return Uni.createFrom().voidItem();
                    }
                    RegisteredModel.Key model = new RegisteredModel.Key(version.key.tenant(), version.key.name());
                    return registry.aliasHolder(model, schedule.promoteAlias)
                            .flatMap(holder -> decide(schedule, run, model, version, holder));
                }));
    }

    private Uni<Void> decide(Schedule schedule, ScheduleRun run, RegisteredModel.Key model, ModelVersion candidate,
            ModelVersion holder) {
        String metric = schedule.promoteMetric;
        String alias = schedule.promoteAlias;
        Double value = candidate.metrics.get(metric);
        Double held = holder == null ? null : holder.metrics.get(metric);
        String verdict;
        boolean promote;
        if (value == null || value.isNaN()) {
            promote = false;
            verdict = "not promoted: version " + candidate.key.version() + " reported no " + metric;
        } else if (holder == null || held == null || held.isNaN()) {
            promote = true;
            verdict = "promoted version " + candidate.key.version() + " to " + alias + " (" + metric + " " + value
                    + (holder == null ? "; " + alias + " pointed nowhere)" : "; version " + holder.key.version()
                    + " has no " + metric + ")");
        } else {
            promote = MetricDirection.of(metric).bestFirst().compare(value, held) < 0;
            verdict = (promote ? "promoted version " + candidate.key.version() + " to " + alias + ": "
                    : "kept " + alias + " on version " + holder.key.version() + ": ") + metric + " " + value
                    + (promote ? " beats " : " does not beat ") + held;
        }
        run.promotion = verdict;
        LOG.infof("schedule %s: %s", schedule.name, verdict);
        return promote ? registry.pointAlias(model, alias, candidate.key.version()).replaceWithVoid()
                : Uni.createFrom().voidItem();
    }
}
