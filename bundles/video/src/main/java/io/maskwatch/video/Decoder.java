package io.maskwatch.video;

/**
 * One connection to a source, owned by a camera's decoding thread. Closing releases every native
 * resource; closing twice is harmless.
 */
public interface Decoder extends AutoCloseable {

    /** Connects and finds the video stream. */
    void open() throws SourceException;

    /**
     * Blocks for the next picture, at most about the I/O timeout.
     *
     * @return the picture, borrowed until the next call; null at the end of the stream
     */
    Picture next() throws SourceException;

    @Override
    void close();
}
