package io.trainyard.worker.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.trainyard.worker.config.WorkerConfig.DeviceChoice;

import java.util.Optional;

/**
 * The single way into DJL's PyTorch engine. Loading this class switches DJL to offline mode before
 * the engine can load, so libtorch and the JNI glue only ever come from the native jars on the
 * classpath (extracted once into the DJL cache, {@code DJL_CACHE_DIR}); nothing is downloaded.
 *
 * <p>PyTorch's CPU thread pools are sized here, not left to libtorch's default (one intra-op thread per
 * core): {@link Threads}.
 */
public final class DjlEngines {
    public static final String ENGINE_NAME = "PyTorch";

    static {
        // Set unconditionally: a worker that silently downloads 400 MB at first use is worse than one that fails.
        System.setProperty("ai.djl.offline", "true");
    }

    private static volatile Engine engine;
    private static volatile Throwable failure;
    private static Threads threads = Threads.DEFAULT;

    /**
     * PyTorch's CPU threads: {@code intraOp} work on one operator (a matrix product) of a job, {@code interOp}
     * run independent operators at once (unused by eager training, which is one operator after the other).
     * One each by default: the networks trained here are small (tens to thousands of units), their operators
     * too short to split, and a pool sized to every core spins against whatever else runs on the machine
     * (docs/performance.md "Training overhead": two threads on two shared cores trained slower than one and
     * burned twice the CPU). Concurrent jobs each run on their own slot thread, so a worker's jobs use
     * {@code max-concurrent-jobs x intraOp} cores.
     */
    public record Threads(int intraOp, int interOp) {
        public static final Threads DEFAULT = new Threads(1, 1);

        public Threads {
            if (intraOp < 1 || interOp < 1) {
                throw new IllegalArgumentException("PyTorch needs at least one thread per pool, got intra-op "
                        + intraOp + ", inter-op " + interOp);
            }
        }
    }

    private DjlEngines() {
    }

    /**
     * Sizes the thread pools the engine loads with ({@link Threads#DEFAULT} unless called first). The inter-op
     * pool cannot change once libtorch runs, so a different setting after the load is refused.
     */
    public static synchronized void configure(Threads wanted) {
        if (engine != null && !wanted.equals(threads)) {
            throw new IllegalStateException("the PyTorch engine is already loaded with " + threads);
        }
        threads = wanted;
    }

    /** The thread pools the engine has, or will load with. */
    public static synchronized Threads threads() {
        return threads;
    }

    /** Loads libtorch on first use (seconds; minutes on a cold cache) and returns the engine. */
    public static synchronized Engine pytorch() {
        if (engine == null) {
            try {
                // Read by DJL's PyTorch engine as it loads.
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads.intraOp()));
                System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads.interOp()));
                engine = Engine.getEngine(ENGINE_NAME);
                failure = null;
            } catch (RuntimeException | LinkageError e) {
                failure = e;
                throw new IllegalStateException("the PyTorch engine could not be loaded: " + e.getMessage(), e);
            }
        }
        return engine;
    }

    /** The engine if it is already loaded; never triggers loading. */
    public static Optional<Engine> loaded() {
        return Optional.ofNullable(engine);
    }

    public static Optional<Throwable> loadFailure() {
        return Optional.ofNullable(failure);
    }

    public static Device device(DeviceChoice choice) {
        Engine e = pytorch();
        if (choice == DeviceChoice.AUTO && e.getGpuCount() > 0) {
            return Device.gpu();
        }
        return Device.cpu();
    }

    /** What the progress events report, DJL's notation as in docs/events.md: {@code cpu()} or {@code gpu(0)}. */
    public static String describe(Device device) {
        return device.toString();
    }
}
