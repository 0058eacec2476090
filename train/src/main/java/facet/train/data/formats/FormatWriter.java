package facet.train.data.formats;

import facet.train.data.Example;

import java.io.IOException;

/**
 * Writes samples in a dataset's on-disk layout, so the format's reader loads them back: the
 * synthetic generator's export path. Splits are Facet's names (train, val, test, all); each
 * writer maps them to its format's own. Label files are written by {@link #close}.
 */
public interface FormatWriter extends AutoCloseable {
    void add(String split, Example e) throws IOException;

    @Override void close() throws IOException;
}
