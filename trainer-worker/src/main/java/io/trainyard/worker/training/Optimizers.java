package io.trainyard.worker.training;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.trainyard.contracts.Hyperparameters;

/** The job's optimizer, driven by a learning rate the epoch loop sets from the schedule. */
final class Optimizers {
    private Optimizers() {
    }

    static Optimizer of(Hyperparameters hp, Tracker rate) {
        float weightDecay = (float) hp.weightDecay();
        return switch (hp.optimizer()) {
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) hp.momentum())
                    .optWeightDecays(weightDecay).build();
            // DJL's AdamW applies the decay to the weights directly (decoupled), not through the gradient.
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
            default -> throw new TrainingFailedException("unknown optimizer '" + hp.optimizer() + "'");
        };
    }

    /** The optimizer's learning rate, set per epoch from {@link Hyperparameters#learningRateAt(int)}. */
    static final class ScheduledRate implements Tracker {
        private volatile float value;

        ScheduledRate(float initial) {
            this.value = initial;
        }

        void set(float rate) {
            this.value = rate;
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }
}
