package io.trainyard.support.artifacts;

/** The artifact store could not do what was asked; the message names the object by its URI. */
public class ArtifactStoreException extends RuntimeException {

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ArtifactStoreException(String message) {
        super(message);
    }

    /** There is no object under the key. */
    public static class NotFound extends ArtifactStoreException {
        public NotFound(String uri) {
            super("artifact not found: " + uri);
        }
    }

    /** The bytes read are not the ones written: the object was changed or damaged in the store. */
    public static class ChecksumMismatch extends ArtifactStoreException {
        public ChecksumMismatch(String uri, String recorded, String actual) {
            super("checksum mismatch: " + uri + " was stored with sha256 " + recorded + " but its bytes have sha256 "
                    + actual + "; the object was changed or damaged in the store");
        }
    }
}
