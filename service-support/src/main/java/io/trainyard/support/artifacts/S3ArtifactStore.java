package io.trainyard.support.artifacts;

import io.trainyard.support.files.Checksums;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifact store in an S3-compatible bucket: an object is {@code s3://<bucket>/<prefix>/<key>}, with the
 * SHA-256 of its bytes in the user metadata {@code sha256} (header {@code x-amz-meta-sha256}). Objects up to
 * one part are sent in one PUT; larger ones as a multipart upload, one part in memory at a time. PUT and
 * CompleteMultipartUpload are atomic: a reader never sees half an object.
 */
public final class S3ArtifactStore implements ArtifactStore {
    /** The user metadata key of the checksum. */
    public static final String SHA256 = "sha256";
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;

    /**
     * @param prefix   key prefix inside the bucket, without slashes at either end; "" for none
     * @param partSize objects larger than this are uploaded in parts of this many bytes
     */
    public S3ArtifactStore(S3Client s3, String bucket, String prefix, long partSize) {
        if (partSize < 1 || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("multipart part size must be between 1 byte and 2 GiB, got " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : ArtifactKeys.check(prefix) + "/";
        this.partSize = (int) partSize;
    }

    /** A store with its own client, from {@code trainyard.artifacts.s3.*}. */
    public static S3ArtifactStore create(ArtifactStoreConfig.S3 config) {
        String bucket = config.bucket().filter(b -> !b.isBlank()).orElseThrow(() -> new IllegalStateException(
                "trainyard.artifacts.s3.bucket is required with trainyard.artifacts.store=s3"));
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException("set both trainyard.artifacts.s3.access-key-id and secret-access-key,"
                    + " or neither (the AWS default credentials chain)");
        }
        // url-connection: the JDK's own HTTP client, no extra jars; the store makes one blocking call at a time.
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region())).forcePathStyle(config.pathStyleAccess());
        config.endpoint().ifPresent(builder::endpointOverride);
        if (config.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.accessKeyId().get(), config.secretAccessKey().get())));
        }
        String prefix = config.prefix().map(p -> p.replaceAll("^/+|/+$", "")).orElse("");
        return new S3ArtifactStore(builder.build(), bucket, prefix, config.multipartPartSize().asLongValue());
    }

    @Override
    public StoredArtifact put(String key, Path source) {
        try {
            long size = Files.size(source);
            if (size <= partSize) {
                return put(key, Files.readAllBytes(source));
            }
            // S3 takes the metadata when the upload starts: hash the file first, and again while its parts stream.
            String sha256 = Checksums.sha256(source);
            try (InputStream in = Files.newInputStream(source)) {
                return multipart(key, in, size, sha256);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("could not read " + source + " to store it as " + uri(key) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public StoredArtifact put(String key, byte[] bytes) {
        String sha256 = Checksums.sha256(bytes);
        if (bytes.length > partSize) {
            return multipart(key, new ByteArrayInputStream(bytes), bytes.length, sha256);
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey(key)).metadata(Map.of(SHA256, sha256))
                    .contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("PUT", key, e);
        }
        return new StoredArtifact(key, uri(key), sha256, bytes.length);
    }

    private StoredArtifact multipart(String key, InputStream source, long size, String sha256) {
        if ((size + partSize - 1) / partSize > MAX_PARTS) {
            throw new ArtifactStoreException(uri(key) + " would need more than " + MAX_PARTS + " parts of " + partSize
                    + " bytes; raise trainyard.artifacts.s3.multipart-part-size");
        }
        String objectKey = objectKey(key);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)
                    .metadata(Map.of(SHA256, sha256))).uploadId();
        } catch (SdkException e) {
            throw failure("multipart upload", key, e);
        }
        try {
            MessageDigest streamed = Checksums.newSha256();
            InputStream in = new DigestInputStream(source, streamed);
            byte[] buffer = new byte[partSize];
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = in.readNBytes(buffer, 0, partSize); n > 0; n = in.readNBytes(buffer, 0, partSize)) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, n), n)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            String actual = HexFormat.of().formatHex(streamed.digest());
            if (!actual.equals(sha256)) {
                throw new ArtifactStoreException("the source of " + uri(key) + " changed while it was uploaded");
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts)));
            return new StoredArtifact(key, uri(key), sha256, size);
        } catch (IOException | RuntimeException e) {
            abort(objectKey, uploadId, e);
            if (e instanceof ArtifactStoreException stored) {
                throw stored;
            }
            throw e instanceof SdkException sdk ? failure("multipart upload", key, sdk)
                    : new ArtifactStoreException("could not upload " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    private void abort(String objectKey, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public VerifyingInputStream open(String key) {
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(objectKey(key)));
            return new VerifyingInputStream(in, uri(key), in.response().metadata().get(SHA256));
        } catch (NoSuchKeyException e) {
            throw new ArtifactStoreException.NotFound(uri(key));
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
    }

    @Override
    public List<String> list(String folder) {
        String listed = prefix + ArtifactKeys.checkFolder(folder, true);
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(listed)).contents().stream()
                    .map(S3Object::key).map(k -> k.substring(prefix.length())).sorted().toList();
        } catch (SdkException e) {
            throw failure("LIST", folder, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw failure("DELETE", key, e);
        }
    }

    @Override
    public void deleteFolder(String folder) {
        List<String> keys = list(ArtifactKeys.checkFolder(folder, false));
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(objectKey(k)).build()).toList();
            try {
                var errors = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true))).errors();
                if (!errors.isEmpty()) {
                    throw new ArtifactStoreException("could not delete " + errors.size() + " objects under "
                            + uri(folder) + ", first " + errors.get(0).key() + ": " + errors.get(0).message());
                }
            } catch (SdkException e) {
                throw failure("DELETE", folder, e);
            }
        }
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + prefix + key;
    }

    @Override
    public Optional<String> keyOf(String uri) {
        String root = uri("");
        if (uri == null || !uri.startsWith(root)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ArtifactKeys.check(uri.substring(root.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    @Override
    public String location() {
        return uri("");
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        return prefix + ArtifactKeys.check(key);
    }

    private ArtifactStoreException failure(String operation, String key, SdkException e) {
        return new ArtifactStoreException("S3 " + operation + " of " + uri(key) + " failed: " + e.getMessage(), e);
    }
}
