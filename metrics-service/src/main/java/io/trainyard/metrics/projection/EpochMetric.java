package io.trainyard.metrics.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The metrics of one epoch of one job, as last reported for it (written by {@link MetricsProjector}). */
@Entity
@Table(name = "epoch_metric")
public class EpochMetric {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false, updatable = false)
    private UUID jobId;

    @Column(name = "tenant", nullable = false, updatable = false)
    private String tenant;

    @Column(name = "epoch", nullable = false, updatable = false)
    private int epoch;

    @Column(name = "total_epochs", nullable = false)
    private int totalEpochs;

    @Column(name = "train_loss", nullable = false)
    private double trainLoss;

    @Column(name = "val_loss", nullable = false)
    private double valLoss;

    @Column(name = "train_accuracy")
    private Double trainAccuracy;

    @Column(name = "val_accuracy")
    private Double valAccuracy;

    @Column(name = "val_rmse")
    private Double valRmse;

    @Column(name = "val_mae")
    private Double valMae;

    @Column(name = "learning_rate", nullable = false)
    private double learningRate;

    @Column(name = "epoch_duration_ms", nullable = false)
    private long epochDurationMs;

    @Column(name = "samples_per_second")
    private Double samplesPerSecond;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected EpochMetric() {
    }

    public UUID getJobId() {
        return jobId;
    }

    public int getEpoch() {
        return epoch;
    }

    public int getTotalEpochs() {
        return totalEpochs;
    }

    public double getTrainLoss() {
        return trainLoss;
    }

    public double getValLoss() {
        return valLoss;
    }

    public Double getTrainAccuracy() {
        return trainAccuracy;
    }

    public Double getValAccuracy() {
        return valAccuracy;
    }

    public Double getValRmse() {
        return valRmse;
    }

    public Double getValMae() {
        return valMae;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public long getEpochDurationMs() {
        return epochDurationMs;
    }

    public Double getSamplesPerSecond() {
        return samplesPerSecond;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
