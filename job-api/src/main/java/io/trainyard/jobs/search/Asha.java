package io.trainyard.jobs.search;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.jobs.job.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Asynchronous successive halving (Li et al., 2018, as Ray Tune's ASHAScheduler stops trials): rungs at
 * grace * reduction_factor^k epochs; a trial reaching a rung is compared with every trial that reached it before,
 * and stops there unless its metric is within the best 1/reduction_factor of them. It needs no pause: the trial's
 * job is cancelled, keeping its rung value. Runs in the transaction that records the epoch's metrics.
 */
@ApplicationScoped
public class Asha {
    private static final Logger LOG = Logger.getLogger(Asha.class);

    private final SearchTrialRepository trials;
    private final SearchRepository searches;
    private final JobRepository jobs;
    private final JobCommands commands;

    public Asha(SearchTrialRepository trials, SearchRepository searches, JobRepository jobs, JobCommands commands) {
        this.trials = trials;
        this.searches = searches;
        this.jobs = jobs;
        this.commands = commands;
    }

    /** For every epoch a worker reports; does nothing unless the job is a trial of a running search with ASHA. */
    public Uni<Void> onEpoch(EpochMetricsEvent event) {
        return trials.byJob(event.jobId()).flatMap(trial -> trial == null || trial.stoppedAtEpoch != null
                ? Uni.createFrom().voidItem()
                : searches.findById(trial.key.searchId()).flatMap(search -> {
                    Double value = metric(event, search == null ? null : search.metric);
                    if (search == null || !search.asha() || search.status != Search.Status.RUNNING || value == null
                            || !isRung(event.epoch(), event.totalEpochs(), search)) {
                        return Uni.createFrom().voidItem();
                    }
                    return trials.atRung(search.id, event.epoch(), event.jobId(), value).flatMap(recorded -> {
                        if (!stops(value, recorded, search.direction, search.ashaReductionFactor)) {
                            return Uni.createFrom().voidItem();
                        }
                        trial.stoppedAtEpoch = event.epoch();
                        trial.value = value;
                        String reason = "stopped early by search " + search.name + " (ASHA): " + search.metric + " "
                                + value + " at epoch " + event.epoch() + " is not in the best 1/"
                                + search.ashaReductionFactor + " of the " + recorded.size() + " trials at that rung";
                        LOG.info(reason);
                        return jobs.findById(event.jobId()).flatMap(job -> commands.stop(job, reason))
                                .replaceWithVoid();
                    });
                }));
    }

    /** Rungs: grace, grace * r, grace * r^2, ... below the trial's last epoch (which ends it anyway). */
    static boolean isRung(int epoch, int totalEpochs, Search search) {
        if (epoch >= totalEpochs) {
            return false;
        }
        for (long rung = search.ashaGraceEpochs; rung <= epoch; rung *= search.ashaReductionFactor) {
            if (rung == epoch) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value is outside the best 1/reduction of those recorded at its rung: worse than the cut-off, the
     * 1/reduction quantile of the values ordered best first (linear interpolation, as numpy's percentile). A trial
     * alone at its rung always goes on.
     */
    static boolean stops(double value, List<Double> recorded, MetricDirection direction, int reduction) {
        if (recorded.size() < 2) {
            return false;
        }
        double sign = direction == MetricDirection.LOWER_IS_BETTER ? 1 : -1;
        double[] losses = recorded.stream().mapToDouble(v -> sign * v).sorted().toArray();
        double position = (losses.length - 1) / (double) reduction;
        int below = (int) Math.floor(position);
        double cutoff = losses[below] + (position - below) * (losses[Math.min(below + 1, losses.length - 1)]
                - losses[below]);
        return sign * value > cutoff;
    }

    private static Double metric(EpochMetricsEvent event, String metric) {
        if (metric == null) {
            return null;
        }
        return switch (metric) {
            case "train_loss" -> event.trainLoss();
            case "val_loss" -> event.valLoss();
            case "train_accuracy" -> event.trainAccuracy();
            case "val_accuracy" -> event.valAccuracy();
            case "val_rmse" -> event.valRmse();
            case "val_mae" -> event.valMae();
            default -> null;
        };
    }
}
