package facet.train.data.formats;

import facet.train.data.BadInputException;
import facet.train.data.Box;
import facet.train.data.Example;
import facet.train.data.Image;
import facet.train.data.ImageCodec;
import facet.train.data.ParsingMap;

/** Turns an index entry into pixels: decode, crop the face box, merge the parsing masks. */
final class Decoder {
    private Decoder() {}

    static Example decode(Format format, Entry e) { return decode(format, e, ImageCodec.maxPixels()); }

    /** maxPixels: images (and masks) whose header claims more pixels are refused before decoding. */
    static Example decode(Format format, Entry e, long maxPixels) {
        Image img = switch (e.source()) {
            case Entry.File f -> ImageCodec.read(f.path(), maxPixels);
            case Entry.CsvPixels p -> Fer2013.pixels(p);
        };
        if (e.box() != null) {
            Box inside = e.box().clippedTo(img.width, img.height); // real boxes overhang the image now and then
            if (inside == null) {
                throw new BadInputException(e.source().path().toString(), e.source().line(),
                        "face " + e.box() + " lies outside the " + img.width + "x" + img.height + " image");
            }
            img = img.crop(inside);
        }
        ParsingMap map = e.masks() == null ? null : CelebAMaskHq.merge(e.masks(), img.height, img.width, maxPixels);
        return new Example(img, map, e.label(), e.identity(), format.id);
    }
}
