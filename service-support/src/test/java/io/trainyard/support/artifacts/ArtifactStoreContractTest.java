package io.trainyard.support.artifacts;

import io.trainyard.devstack.S3Server;
import io.trainyard.support.files.Checksums;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every artifact store promises, run against the filesystem store and the S3 store on a real S3 server
 * (S3Proxy in a child JVM): the same test, the same expectations.
 */
class ArtifactStoreContractTest {

    /** Each test runs once per store. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"filesystem", "s3"})
    @interface EveryStore {
    }

    private static final String BUCKET = "contract";
    /** S3's smallest part, so that a 12 MiB object goes up in three parts. */
    private static final int PART_SIZE = 5 * 1024 * 1024;
    private static S3Server server;
    private static S3Client client;

    private String kind;
    private Path dir;
    private String prefix;
    private ArtifactStore store;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3Server.start(Files.createTempDirectory(Path.of("target"), "s3-contract-"), 0);
        server.createBucket(BUCKET);
        client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(server.endpoint())).region(Region.of(S3Server.REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials
                        .create(S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY))).build();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    private void open(String kind) throws IOException {
        this.kind = kind;
        dir = Files.createTempDirectory(Path.of("target"), "store-contract-");
        prefix = "tenant-" + UUID.randomUUID();
        // The S3 store gets a client of its own, as in a service; closing the store closes only that one.
        store = kind.equals("s3") ? new S3ArtifactStore(S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(S3Server.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY))).build(), BUCKET, prefix, PART_SIZE)
                : new FilesystemArtifactStore(dir.resolve("store"));
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @EveryStore
    void whatIsPutIsReadBackWithItsChecksumUnderItsUri(String kind) throws IOException {
        open(kind);
        byte[] bytes = "sepal_length,species\n5.1,setosa\n".getBytes();
        StoredArtifact stored = store.put("datasets/iris.csv", bytes);

        assertEquals(Checksums.sha256(bytes), stored.sha256());
        assertEquals(bytes.length, stored.sizeBytes());
        String expectedUri = kind.equals("s3") ? "s3://" + BUCKET + "/" + prefix + "/datasets/iris.csv"
                : dir.resolve("store/datasets/iris.csv").toUri().toString();
        assertEquals(expectedUri, stored.uri());
        assertEquals("datasets/iris.csv", store.keyOf(stored.uri()).orElseThrow());
        assertTrue(store.exists("datasets/iris.csv"));
        assertArrayEquals(bytes, store.read("datasets/iris.csv"));
        assertEquals(kind.equals("filesystem"), store.localFile("datasets/iris.csv").isPresent());
    }

    @EveryStore
    void aFileAboveOnePartGoesUpInPartsAndComesBackWhole(String kind) throws IOException {
        open(kind);
        Path source = dir.resolve("big.bin");
        byte[] bytes = new byte[12 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        Files.write(source, bytes);

        StoredArtifact stored = store.put("models/job/model-0001.params", source);
        assertEquals(Checksums.sha256(bytes), stored.sha256());
        assertEquals(bytes.length, stored.sizeBytes());
        if (kind.equals("s3")) {
            // A multipart object's ETag ends in the number of its parts; the checksum rode along as metadata.
            var head = client.headObject(b -> b.bucket(BUCKET).key(prefix + "/models/job/model-0001.params"));
            assertTrue(head.eTag().replace("\"", "").endsWith("-3"), "ETag " + head.eTag());
            assertEquals(stored.sha256(), head.metadata().get(S3ArtifactStore.SHA256));
        }
        Path copy = dir.resolve("copy/model.params");
        StoredArtifact downloaded = store.download("models/job/model-0001.params", copy);
        assertEquals(stored.sha256(), downloaded.sha256());
        assertArrayEquals(bytes, Files.readAllBytes(copy));
    }

    @EveryStore
    void aStreamIsStoredWholeWithItsChecksumInOnePutOrInParts(String kind) throws IOException {
        open(kind);
        for (int size : new int[] {0, 1000, PART_SIZE, 12 * 1024 * 1024 + 17}) {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            String key = "datasets/stream-" + size + ".csv";
            StoredArtifact stored = store.put(key, new ByteArrayInputStream(bytes));
            assertEquals(Checksums.sha256(bytes), stored.sha256(), "size " + size);
            assertEquals(size, stored.sizeBytes());
            assertArrayEquals(bytes, store.read(key));
            if (kind.equals("s3")) {
                var head = client.headObject(b -> b.bucket(BUCKET).key(prefix + "/" + key));
                assertEquals(stored.sha256(), head.metadata().get(S3ArtifactStore.SHA256), "size " + size);
            }
        }
    }

    @EveryStore
    void aStreamThatFailsStoresNothing(String kind) throws IOException {
        open(kind);
        for (long failAt : new long[] {10, PART_SIZE + 10L, 2L * PART_SIZE + 10}) {
            IllegalStateException refused = new IllegalStateException("refused at " + failAt);
            InputStream failing = new InputStream() {
                private long read;

                @Override
                public int read() {
                    if (read++ == failAt) {
                        throw refused;
                    }
                    return 'x';
                }
            };
            assertSame(refused, assertThrows(IllegalStateException.class,
                    () -> store.put("datasets/failed.csv", failing)), "the source's own exception, as it is");
            assertFalse(store.exists("datasets/failed.csv"));
            assertEquals(List.of(), store.list(""));
        }
        if (kind.equals("s3")) {
            assertEquals(List.of(), client.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads(),
                    "every multipart upload aborted");
        } else {
            try (var files = Files.walk(dir.resolve("store"))) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no partial file left");
            }
        }
    }

    @EveryStore
    void bytesChangedInTheStoreAreACleanFailureOnRead(String kind) throws IOException {
        open(kind);
        store.put("checkpoints/job/epoch-1/weights.params", new byte[] {1, 2, 3, 4});
        corrupt("checkpoints/job/epoch-1/weights.params", new byte[] {1, 2, 3, 5});

        var read = assertThrows(ArtifactStoreException.ChecksumMismatch.class,
                () -> store.read("checkpoints/job/epoch-1/weights.params"));
        assertTrue(read.getMessage().startsWith("checksum mismatch: "
                + store.uri("checkpoints/job/epoch-1/weights.params") + " was stored with sha256 "
                + Checksums.sha256(new byte[] {1, 2, 3, 4})), read.getMessage());
        Path target = dir.resolve("local/weights.params");
        assertThrows(ArtifactStoreException.ChecksumMismatch.class,
                () -> store.download("checkpoints/job/epoch-1/weights.params", target));
        assertFalse(Files.exists(target), "a corrupt object is never left as the local copy");
        assertEquals(List.of(), List.of(target.getParent().toFile().list()), "nor half of one");
    }

    @EveryStore
    void aMissingKeyIsNotFoundNamingItsUri(String kind) throws IOException {
        open(kind);
        var missing = assertThrows(ArtifactStoreException.NotFound.class, () -> store.read("models/none/model.json"));
        assertEquals("artifact not found: " + store.uri("models/none/model.json"), missing.getMessage());
        assertThrows(ArtifactStoreException.NotFound.class, () -> store.open("models/none/model.json"));
        assertFalse(store.exists("models/none/model.json"));
    }

    @EveryStore
    void deletingRemovesAnObjectOrAFolderAndNothingElse(String kind) throws IOException {
        open(kind);
        store.put("checkpoints/a/epoch-1/checkpoint.json", "{}".getBytes());
        store.put("checkpoints/a/epoch-1/weights.params", new byte[] {1});
        store.put("checkpoints/a/epoch-2/weights.params", new byte[] {2});
        store.put("checkpoints/ab/epoch-1/weights.params", new byte[] {3});

        assertEquals(List.of("checkpoints/a/epoch-1/checkpoint.json", "checkpoints/a/epoch-1/weights.params",
                "checkpoints/a/epoch-2/weights.params"), store.list("checkpoints/a/"));
        store.deleteFolder("checkpoints/a/epoch-1/");
        assertEquals(List.of("checkpoints/a/epoch-2/weights.params", "checkpoints/ab/epoch-1/weights.params"),
                store.list(""));
        store.deleteFolder("checkpoints/a/");
        store.deleteFolder("checkpoints/a/");
        assertEquals(List.of("checkpoints/ab/epoch-1/weights.params"), store.list("checkpoints/"));
        store.delete("checkpoints/ab/epoch-1/weights.params");
        store.delete("checkpoints/ab/epoch-1/weights.params");
        assertEquals(List.of(), store.list("checkpoints/"));
        assertThrows(IllegalArgumentException.class, () -> store.deleteFolder(""), "never the whole store");
        assertThrows(IllegalArgumentException.class, () -> store.deleteFolder("checkpoints/a"));
    }

    @EveryStore
    void anOverwriteReplacesBytesAndChecksum(String kind) throws IOException {
        open(kind);
        store.put("models/job/model.json", "{\"v\": 1}".getBytes());
        StoredArtifact second = store.put("models/job/model.json", "{\"v\": 22}".getBytes());
        assertArrayEquals("{\"v\": 22}".getBytes(), store.read("models/job/model.json"));
        assertEquals(Checksums.sha256("{\"v\": 22}".getBytes()), second.sha256());
        assertEquals(List.of("models/job/model.json"), store.list("models/"));
    }

    @EveryStore
    void onlyThisStoresUrisHaveKeysAndKeysStayInsideTheStore(String kind) throws IOException {
        open(kind);
        assertTrue(store.keyOf("s3://elsewhere/datasets/x.csv").isEmpty());
        assertTrue(store.keyOf("file:///etc/passwd").isEmpty());
        assertTrue(store.keyOf(store.uri("datasets/x.csv").replace("datasets/x.csv", "../x.csv")).isEmpty());
        assertTrue(store.keyOf("not a uri").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.put("../outside", new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> store.put("models/.hidden", new byte[] {1}));
    }

    /** Damage as a disk or another writer would: the bytes change, the recorded checksum stays. */
    private void corrupt(String key, byte[] bytes) throws IOException {
        if (kind.equals("s3")) {
            String objectKey = prefix + "/" + key;
            var metadata = client.headObject(b -> b.bucket(BUCKET).key(objectKey)).metadata();
            client.putObject(b -> b.bucket(BUCKET).key(objectKey).metadata(metadata), RequestBody.fromBytes(bytes));
        } else {
            Files.write(store.localFile(key).orElseThrow(), bytes);
        }
    }
}
