package facet.train.data;

/**
 * One decoded sample: the image, its parsing map (null when the source has none), the
 * expression label (0..6 in {@link Expression} order, or -1 when unlabelled), an identity id
 * (-1 when unknown) and the name of the domain it came from ("raf", "rafdb", ...).
 */
public record Example(Image image, ParsingMap parsing, int label, int identity, String domain) {
    public Example {
        if (image == null) throw new IllegalArgumentException("example: image is null");
        if (parsing != null && (parsing.height != image.height || parsing.width != image.width)) {
            throw new IllegalArgumentException("example: parsing map " + parsing.height + "x" + parsing.width
                    + " does not match image " + image.height + "x" + image.width);
        }
        if (label < -1 || label >= Expression.COUNT) throw new IllegalArgumentException("example: label " + label + " is not in -1..6");
    }

    public Example with(Image img, ParsingMap map) { return new Example(img, map, label, identity, domain); }

    public Example with(Image img) { return new Example(img, parsing, label, identity, domain); }
}
