package io.panzoto.storage;

/**
 * An object written part by part (every part but the last at least 5 MiB), so a large body streams
 * through with one part in memory. Until {@link #complete()} nothing is visible under the key, and
 * {@link #abort()} leaves nothing behind. Blocking.
 */
public interface MultipartUpload {
    /** Sends the first {@code length} bytes of the buffer as the next part; the buffer may be reused after. */
    void upload(byte[] buffer, int length);

    /** Makes the object visible; answers its size. */
    long complete();

    /** Discards the parts; a failure is only logged (the bucket's lifecycle rule removes them later). */
    void abort();
}
