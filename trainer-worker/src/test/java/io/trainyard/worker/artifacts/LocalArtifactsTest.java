package io.trainyard.worker.artifacts;

import io.trainyard.devstack.S3Server;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.artifacts.S3ArtifactStore;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The worker's local copies of objects in an S3 bucket (a real S3 server): fetched once, verified, refreshed. */
class LocalArtifactsTest {
    private static S3Server server;
    private static S3ArtifactStore s3;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start(Files.createTempDirectory(Path.of("target"), "s3-local-"), 0);
        server.createBucket("artifacts");
        s3 = new S3ArtifactStore(S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(server.endpoint())).region(Region.of(S3Server.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY))).build(), "artifacts", "team", 5 << 20);
    }

    @AfterAll
    static void stopServer() {
        s3.close();
        server.close();
    }

    @Test
    void anObjectComesDownOnceAndIsFetchedAgainOnlyWhenTheCopyIsNotItAnyMore(@TempDir Path dir) throws Exception {
        LocalArtifacts local = new LocalArtifacts(s3, dir);
        byte[] iris = Files.readAllBytes(TestData.IRIS);
        String sha256 = s3.put("datasets/iris.csv", iris).sha256();

        Path copy = local.fetch("datasets/iris.csv", sha256);
        assertEquals(dir.resolve("datasets/iris.csv"), copy, "the store's layout under the local folder");
        assertArrayEquals(iris, Files.readAllBytes(copy));

        // Gone from the bucket: the copy with the right checksum is used as it is, nothing is downloaded.
        s3.delete("datasets/iris.csv");
        assertEquals(copy, local.fetch("datasets/iris.csv", sha256));

        // A copy that is not the object any more is replaced by a fresh download.
        s3.put("datasets/iris.csv", iris);
        Files.writeString(copy, "damaged");
        assertArrayEquals(iris, Files.readAllBytes(local.fetch("datasets/iris.csv", sha256)));
        assertEquals(sha256, Checksums.sha256(copy));
    }

    @Test
    void whatIsNotInTheBucketIsNotFound(@TempDir Path dir) {
        LocalArtifacts local = new LocalArtifacts(s3, dir);
        assertThrows(ArtifactStoreException.NotFound.class, () -> local.fetch("models/none/model-0001.params", "0"));
        assertEquals(0, dir.toFile().list().length, "nothing is left behind");
    }
}
