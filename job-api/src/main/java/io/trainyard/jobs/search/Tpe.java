package io.trainyard.jobs.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al., 2011, as in Hyperopt and Optuna), for independent
 * dimensions: the trials so far are split into the best tenth and the rest; per hyperparameter, a density of the
 * good values and one of the others are estimated (Gaussian kernels on the [0, 1] position of a range, smoothed
 * counts for a choice, each mixed with the uniform prior), candidates are drawn from the good density, and the one
 * where good is most likely relative to the rest is proposed. Until there are enough trials to split, it samples
 * at random. No maintained Java library implements it (Optuna and Hyperopt are Python), hence this compact one.
 */
final class Tpe {
    /** Trials drawn at random before the model is used. */
    static final int STARTUP_TRIALS = 5;
    /** The share of trials that count as good: Optuna's default rule, a tenth (at least one). */
    static final double GAMMA = 0.1;
    /**
     * Candidates drawn per proposal. Few on purpose: the ratio of the densities is largest where nothing has been
     * tried yet, so many candidates turn the search into exploring empty corners; 8 beat 24 and 64 on
     * StrategiesTest's objective after 14, 20 and 30 trials.
     */
    static final int CANDIDATES = 8;

    /** A finished trial: its hyperparameters and its metric, oriented so that lower is better. */
    record Observation(Map<String, Object> params, double loss) {
    }

    private Tpe() {
    }

    static Map<String, Object> propose(SearchSpace space, List<Observation> observed, RandomGenerator random) {
        if (observed.size() < STARTUP_TRIALS) {
            return space.sample(random);
        }
        List<Observation> sorted = new ArrayList<>(observed);
        sorted.sort(Comparator.comparingDouble(Observation::loss));
        int good = Math.max(1, (int) Math.ceil(GAMMA * sorted.size()));
        List<Observation> below = sorted.subList(0, good);
        List<Observation> above = sorted.subList(good, sorted.size());
        Map<String, Object> proposal = new LinkedHashMap<>();
        for (SearchSpace.Dimension d : space.dimensions()) {
            double[] goodX = below.stream().mapToDouble(o -> d.encode(o.params().get(d.name()))).toArray();
            double[] badX = above.stream().mapToDouble(o -> d.encode(o.params().get(d.name()))).toArray();
            proposal.put(d.name(), d.type() == SearchSpace.Type.CHOICE
                    ? d.values().get(bestChoice(d.values().size(), goodX, badX, random))
                    : d.decode(bestPosition(goodX, badX, random)));
        }
        return proposal;
    }

    private static double bestPosition(double[] good, double[] bad, RandomGenerator random) {
        double goodBandwidth = bandwidth(good);
        double badBandwidth = bandwidth(bad);
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            // From the good density: a kernel around a good point, or (its prior weight) anywhere.
            double x = random.nextDouble() < 1.0 / (good.length + 1) ? random.nextDouble()
                    : clamp(good[random.nextInt(good.length)] + random.nextGaussian() * goodBandwidth);
            double score = Math.log(density(x, good, goodBandwidth)) - Math.log(density(x, bad, badBandwidth));
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return best;
    }

    /** A mixture of the uniform prior (one point's weight) and a Gaussian kernel per point. */
    static double density(double x, double[] points, double bandwidth) {
        double sum = 1.0;
        for (double p : points) {
            double z = (x - p) / bandwidth;
            sum += Math.exp(-0.5 * z * z) / (bandwidth * Math.sqrt(2 * Math.PI));
        }
        return sum / (points.length + 1);
    }

    /**
     * Scott's rule on the points' spread, at least half the mean gap between them and the ends (a narrow kernel
     * around the first few good points only re-tries them), at most the whole range.
     */
    static double bandwidth(double[] points) {
        if (points.length < 2) {
            return 0.25;
        }
        double mean = java.util.Arrays.stream(points).average().orElse(0.5);
        double variance = java.util.Arrays.stream(points).map(p -> (p - mean) * (p - mean)).sum() / (points.length - 1);
        double scott = 1.06 * Math.sqrt(variance) * Math.pow(points.length, -0.2);
        return Math.max(0.5 / (1 + points.length), Math.min(1.0, scott));
    }

    private static int bestChoice(int options, double[] good, double[] bad, RandomGenerator random) {
        double[] goodWeights = counts(options, good);
        double[] badWeights = counts(options, bad);
        double total = java.util.Arrays.stream(goodWeights).sum();
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            double pick = random.nextDouble() * total;
            int option = 0;
            while (option < options - 1 && (pick -= goodWeights[option]) > 0) {
                option++;
            }
            double score = Math.log(goodWeights[option] / total)
                    - Math.log(badWeights[option] / java.util.Arrays.stream(badWeights).sum());
            if (score > bestScore) {
                bestScore = score;
                best = option;
            }
        }
        return best;
    }

    /** Each option's count plus one (the uniform prior). */
    private static double[] counts(int options, double[] picks) {
        double[] weights = new double[options];
        java.util.Arrays.fill(weights, 1.0);
        for (double p : picks) {
            weights[(int) p] += 1;
        }
        return weights;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
