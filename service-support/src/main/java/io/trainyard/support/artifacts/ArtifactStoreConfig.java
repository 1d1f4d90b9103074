package io.trainyard.support.artifacts;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code trainyard.artifacts.*}: which store job-api and the workers share, and how to reach it. The names
 * are fixed across the deployment (README "Configuration", deploy/k8s).
 */
@ConfigMapping(prefix = "trainyard.artifacts")
public interface ArtifactStoreConfig {

    /** {@code filesystem} (a folder every service mounts) or {@code s3} (a bucket; no shared volume). */
    @WithDefault("filesystem")
    Kind store();

    /**
     * The filesystem store's root; with {@code s3}, the worker's local copies (datasets, checkpoints and
     * models it trains or serves; DJL reads files), which another pod never needs.
     */
    @WithDefault("${user.home}/.trainyard/artifacts")
    Path dir();

    S3 s3();

    enum Kind {
        FILESYSTEM, S3
    }

    interface S3 {
        /** Required with {@code store=s3}. */
        Optional<String> bucket();

        /** Key prefix inside the bucket (a folder, without slashes at either end); none by default. */
        Optional<String> prefix();

        /** An S3-compatible server (MinIO, Ceph, S3Proxy...); AWS when absent. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: most S3-compatible servers. */
        @WithDefault("false")
        boolean pathStyleAccess();

        /** Static credentials; both absent = the AWS SDK default chain (env, profile, IRSA / pod identity...). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Objects larger than this go up in parts of this size (S3 allows 5 MiB to 5 GiB; 10,000 parts). */
        @WithDefault("16M")
        MemorySize multipartPartSize();
    }
}
