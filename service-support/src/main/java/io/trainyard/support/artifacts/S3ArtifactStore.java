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
import software.amazon.awssdk.services.s3.model.MetadataDirective;
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
 * one part are sent in one PUT; larger ones as a multipart upload, one part in memory at a time. PUT, copy and
 * CompleteMultipartUpload are atomic: a reader never sees half an object.
 */
public final class S3ArtifactStore implements ArtifactStore {
    /** The user metadata key of the checksum. */
    public static final String SHA256 = "sha256";
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;
    /** The largest object one CopyObject takes (5 GiB). */
    private static final long MAX_COPY_BYTES = 5L << 30;

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
                return multipart(key, in, sha256, new byte[partSize], 0);
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
            return multipart(key, new ByteArrayInputStream(bytes), sha256, new byte[partSize], 0);
        }
        putObject(key, bytes, bytes.length, sha256);
        return new StoredArtifact(key, uri(key), sha256, bytes.length);
    }

    /**
     * One PUT if the stream ends within a part; else a multipart upload whose checksum, known only at its end,
     * is set by copying the object onto itself with it (S3 takes metadata only when an object is written).
     */
    @Override
    public StoredArtifact put(String key, InputStream source) {
        MessageDigest digest = Checksums.newSha256();
        InputStream in = new DigestInputStream(source, digest);
        byte[] first = new byte[partSize];
        int n;
        try {
            n = in.readNBytes(first, 0, partSize);
        } catch (IOException e) {
            throw new ArtifactStoreException("could not read what to store as " + uri(key) + ": " + e.getMessage(), e);
        }
        if (n < partSize) {
            String sha256 = HexFormat.of().formatHex(digest.digest());
            putObject(key, first, n, sha256);
            return new StoredArtifact(key, uri(key), sha256, n);
        }
        StoredArtifact uploaded = multipart(key, in, null, first, n);
        String sha256 = HexFormat.of().formatHex(digest.digest());
        String objectKey = objectKey(key);
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(objectKey).destinationBucket(bucket)
                    .destinationKey(objectKey).metadataDirective(MetadataDirective.REPLACE)
                    .metadata(Map.of(SHA256, sha256)));
        } catch (SdkException e) {
            ArtifactStoreException failure = failure("COPY", key, e);
            try {
                delete(key);
            } catch (ArtifactStoreException deleting) {
                failure.addSuppressed(deleting);
            }
            throw failure;
        }
        return new StoredArtifact(key, uri(key), sha256, uploaded.sizeBytes());
    }

    private void putObject(String key, byte[] bytes, int length, String sha256) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey(key)).metadata(Map.of(SHA256, sha256))
                    .contentLength((long) length), RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length),
                    length));
        } catch (SdkException e) {
            throw failure("PUT", key, e);
        }
    }

    /**
     * Uploads the source in parts, one part in memory at a time: {@code buffer}, which holds its first
     * {@code buffered} bytes already. {@code sha256}: the source's checksum, recorded as the object's metadata
     * and checked against the bytes sent; null when the caller records it afterwards (by a copy, so at most
     * {@link #MAX_COPY_BYTES}). A source that cannot be read or is too long aborts the upload: nothing is stored.
     */
    private StoredArtifact multipart(String key, InputStream source, String sha256, byte[] buffer, int buffered) {
        String objectKey = objectKey(key);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)
                    .metadata(sha256 == null ? Map.of() : Map.of(SHA256, sha256))).uploadId();
        } catch (SdkException e) {
            throw failure("multipart upload", key, e);
        }
        try {
            MessageDigest streamed = Checksums.newSha256();
            InputStream in = new DigestInputStream(source, streamed);
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            for (int n = buffered > 0 ? buffered : in.readNBytes(buffer, 0, partSize); n > 0;
                    n = in.readNBytes(buffer, 0, partSize)) {
                size += n;
                if (parts.size() == MAX_PARTS) {
                    throw new ArtifactStoreException(uri(key) + " would need more than " + MAX_PARTS + " parts of "
                            + partSize + " bytes; raise trainyard.artifacts.s3.multipart-part-size");
                }
                if (sha256 == null && size > MAX_COPY_BYTES) {
                    throw new ArtifactStoreException("a stream stored as " + uri(key) + " may have at most "
                            + MAX_COPY_BYTES + " bytes: its checksum is recorded by an S3 copy, which takes no more");
                }
                int number = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            if (sha256 != null && !HexFormat.of().formatHex(streamed.digest()).equals(sha256)) {
                throw new ArtifactStoreException("the source of " + uri(key) + " changed while it was uploaded");
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts)));
            return new StoredArtifact(key, uri(key), sha256, size);
        } catch (IOException | RuntimeException e) {
            abort(objectKey, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failure("multipart upload", key, sdk);
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new ArtifactStoreException("could not upload " + uri(key) + ": " + e.getMessage(), e);
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
