package facet.train.data;

/** An axis-aligned pixel rectangle: left column x, top row y, width w, height h. */
public record Box(int x, int y, int w, int h) {
    /** This box cut to a width x height image, or null when nothing of it is left. */
    public Box clippedTo(int width, int height) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        return x1 > x0 && y1 > y0 ? new Box(x0, y0, x1 - x0, y1 - y0) : null;
    }

    @Override public String toString() { return "box (x " + x + ", y " + y + ", " + w + "x" + h + ")"; }
}
