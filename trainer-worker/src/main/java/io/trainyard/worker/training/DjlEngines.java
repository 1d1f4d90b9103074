package io.trainyard.worker.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.trainyard.worker.config.WorkerConfig.DeviceChoice;

import java.util.Optional;

/**
 * The single way into DJL's PyTorch engine. Loading this class switches DJL to offline mode before
 * the engine can load, so libtorch and the JNI glue only ever come from the native jars on the
 * classpath (extracted once into the DJL cache, {@code DJL_CACHE_DIR}); nothing is downloaded.
 */
public final class DjlEngines {
    public static final String ENGINE_NAME = "PyTorch";

    static {
        // Set unconditionally: a worker that silently downloads 400 MB at first use is worse than one that fails.
        System.setProperty("ai.djl.offline", "true");
    }

    private static volatile Engine engine;
    private static volatile Throwable failure;

    private DjlEngines() {
    }

    /** Loads libtorch on first use (seconds; minutes on a cold cache) and returns the engine. */
    public static synchronized Engine pytorch() {
        if (engine == null) {
            try {
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
