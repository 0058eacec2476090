package facet.tensor;

/** Where a tensor's storage lives: the host, or the i-th CUDA device. */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public static Device cuda(int index) { return new Device(Kind.CUDA, index); }

    /** "cpu", "cuda" (cuda:0) or "cuda:N", as {@link #toString} writes them; anything else fails in one sentence naming it. */
    public static Device parse(String name) {
        if (name.equals("cpu")) return CPU;
        if (name.equals("cuda")) return cuda(0);
        if (name.startsWith("cuda:")) {
            try {
                int index = Integer.parseInt(name.substring(5));
                if (index >= 0) return cuda(index);
            } catch (NumberFormatException e) {
                // falls through to the sentence below
            }
        }
        throw new IllegalArgumentException(name + ": expected cpu, cuda or cuda:N");
    }

    @Override public String toString() { return kind == Kind.CPU ? "cpu" : "cuda:" + index; }
}
