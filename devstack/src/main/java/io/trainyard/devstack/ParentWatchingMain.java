package io.trainyard.devstack;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits when the parent process dies, so that a killed test JVM or
 * local run never leaves an orphan broker or service behind.
 */
public final class ParentWatchingMain {
    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
