package facet.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A restricted unpickler for PyTorch checkpoints, in the spirit of torch.load(weights_only=True):
 * it builds dicts (Map), lists (List), tuples ({@link Tuple}), strings, numbers (Long, Double),
 * booleans, None (null) and bytes, and calls nothing but the few globals PyTorch writes for
 * tensors, each interpreted here, never looked up or run: {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter} and the
 * storage type markers (torch.FloatStorage, ...). Any other global, or an opcode that would
 * build an arbitrary object (INST, OBJ, NEWOBJ...), is refused with its name. BUILD is accepted
 * in the one form a state dict needs ({@link #build}) and refused otherwise.
 *
 * <p>Opcodes: protocols 2 to 4 as torch.save writes them (memo, marks, frames, the integer and
 * string forms, persistent ids for storages).
 */
public final class Pickle {
    private Pickle() {}

    /** A Python tuple. */
    public record Tuple(List<Object> items) {}

    /** An allowed global, as it sits on the stack until REDUCE applies it. */
    public record Global(String module, String name) {
        String qualified() { return module + "." + name; }
    }

    /** What REDUCE of an allowed global makes, given its arguments: the caller turns storages and tensors into Facet objects. */
    public interface Calls {
        Object persistentLoad(Tuple pid) throws IOException;

        /** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...). */
        Object rebuildTensor(Object storage, long offset, Tuple size, Tuple stride) throws IOException;
    }

    private static final Set<String> STORAGES = Set.of("FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage",
            "LongStorage", "IntStorage", "ByteStorage");

    private static final Object MARK = new Object();

    /** What REDUCE of collections.OrderedDict makes: a dict, told apart from a plain one because BUILD may act on it. */
    private static final class OrderedDict extends LinkedHashMap<Object, Object> {}

    /** Parses one pickle; `where` names the source (file and entry) in errors. */
    public static Object load(byte[] data, String where, Calls calls) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Object> stack = new ArrayList<>();
        Map<Long, Object> memo = new HashMap<>();
        while (in.hasRemaining()) {
            int at = in.position(), op = in.get() & 0xFF;
            switch (op) {
                case 0x80 -> in.get();                                          // PROTO
                case 0x95 -> in.getLong();                                      // FRAME: a length hint
                case '.' -> { return pop(stack, where); }                       // STOP
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'K' -> stack.add((long) (in.get() & 0xFF));
                case 'M' -> stack.add((long) (in.getShort() & 0xFFFF));
                case 'J' -> stack.add((long) in.getInt());
                case 0x8a -> stack.add(long1(in, in.get() & 0xFF, where));
                case 'G' -> stack.add(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT is big-endian
                case 'X' -> stack.add(string(in, in.getInt()));
                case 0x8c -> stack.add(string(in, in.get() & 0xFF));
                case 0x8d -> stack.add(string(in, (int) in.getLong()));
                case 'C' -> stack.add(bytes(in, in.get() & 0xFF));
                case 'B' -> stack.add(bytes(in, in.getInt()));
                case 0x85, 0x86, 0x87 -> {                                       // TUPLE1..3
                    int n = op - 0x84;
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    stack.subList(stack.size() - n, stack.size()).clear();
                    stack.add(new Tuple(items));
                }
                case 't' -> stack.add(new Tuple(popMark(stack, where)));
                case 'l' -> stack.add(new ArrayList<>(popMark(stack, where)));
                case 'a' -> { Object v = pop(stack, where); list(stack, where).add(v); }
                case 'e' -> { List<Object> items = popMark(stack, where); list(stack, where).addAll(items); }
                case 's' -> { Object v = pop(stack, where), k = pop(stack, where); dict(stack, where).put(k, v); }
                case 'u' -> {
                    List<Object> kv = popMark(stack, where);
                    Map<Object, Object> d = dict(stack, where);
                    for (int i = 0; i + 1 < kv.size(); i += 2) d.put(kv.get(i), kv.get(i + 1));
                }
                case 'q' -> memo.put((long) (in.get() & 0xFF), top(stack, where));
                case 'r' -> memo.put((long) in.getInt(), top(stack, where));
                case 0x94 -> memo.put((long) memo.size(), top(stack, where));
                case 'h' -> stack.add(memo.get((long) (in.get() & 0xFF)));
                case 'j' -> stack.add(memo.get((long) in.getInt()));
                case 'c' -> stack.add(global(line(in), line(in), where));
                case 0x93 -> { String name = (String) pop(stack, where), module = (String) pop(stack, where); stack.add(global(module, name, where)); }
                case 'Q' -> stack.add(calls.persistentLoad((Tuple) pop(stack, where)));
                case 'R' -> { Tuple args = (Tuple) pop(stack, where); stack.add(reduce(pop(stack, where), args, calls, where)); }
                case 'b' -> { Object state = pop(stack, where); build(top(stack, where), state, where, at); }
                default -> throw new IOException(where + ": pickle opcode 0x" + Integer.toHexString(op) + " ('" + (char) op + "') at byte " + at
                        + " is refused: the restricted reader builds only dicts, lists, tuples, strings, numbers and tensors");
            }
            in.order(ByteOrder.LITTLE_ENDIAN);
        }
        throw new IOException(where + ": the pickle ends without STOP");
    }

    private static Global global(String module, String name, String where) throws IOException {
        boolean ok = module.equals("collections") && name.equals("OrderedDict")
                || module.equals("torch._utils") && (name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_parameter"))
                || module.equals("torch") && STORAGES.contains(name);
        if (!ok) throw new IOException(where + ": the pickle asks for global '" + module + "." + name + "', which the restricted reader refuses");
        return new Global(module, name);
    }

    private static Object reduce(Object f, Tuple args, Calls calls, String where) throws IOException {
        List<Object> a = args.items();
        if (!(f instanceof Global g)) throw new IOException(where + ": REDUCE of a non-callable " + f);
        return switch (g.name()) {
            case "OrderedDict" -> new OrderedDict();
            case "_rebuild_tensor_v2" -> calls.rebuildTensor(a.get(0), (Long) a.get(1), (Tuple) a.get(2), (Tuple) a.get(3));
            case "_rebuild_parameter" -> a.get(0);
            default -> throw new IOException(where + ": global '" + g.qualified() + "' cannot be called");
        };
    }

    /**
     * BUILD (pickle's setstate), accepted only as torch writes a state dict: Module.state_dict() is
     * an OrderedDict with a _metadata attribute (each submodule's version), which pickle restores by
     * BUILD on the OrderedDict with the state {'_metadata': {...}}, or ({'_metadata': {...}}, None)
     * in the (state, slotstate) form. The metadata is dropped: the tensors are all that is read.
     * Any other BUILD would set attributes on an object of the file's choosing, and is refused.
     */
    private static void build(Object target, Object state, String where, int at) throws IOException {
        Object dict = state instanceof Tuple t && t.items().size() == 2 && t.items().get(1) == null ? t.items().get(0) : state;
        boolean metadata = target instanceof OrderedDict && dict instanceof Map<?, ?> m && m.size() == 1 && m.get("_metadata") instanceof Map;
        if (!metadata) {
            throw new IOException(where + ": pickle opcode 0x62 ('b', BUILD) at byte " + at + " on a " + describe(target) + " with state "
                    + describe(state) + " is refused: the restricted reader accepts it only on an OrderedDict with its _metadata");
        }
    }

    private static String describe(Object o) {
        if (o instanceof OrderedDict) return "OrderedDict";
        if (o instanceof Map<?, ?> m) return "dict with keys " + m.keySet();
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private static long long1(ByteBuffer in, int n, String where) throws IOException {
        if (n > 8) throw new IOException(where + ": an integer of " + n + " bytes does not fit in 64 bits");
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (in.get() & 0xFF) << (8 * i);
        return n == 0 || n == 8 ? v : (v << (64 - 8 * n)) >> (64 - 8 * n);   // two's complement, sign-extended
    }

    private static String string(ByteBuffer in, int n) { return new String(bytes(in, n), StandardCharsets.UTF_8); }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static String line(ByteBuffer in) {
        StringBuilder sb = new StringBuilder();
        for (byte c; (c = in.get()) != '\n'; ) sb.append((char) c);
        return sb.toString();
    }

    private static Object top(List<Object> stack, String where) throws IOException {
        if (stack.isEmpty()) throw new IOException(where + ": pickle stack underflow");
        return stack.getLast();
    }

    private static Object pop(List<Object> stack, String where) throws IOException {
        Object o = top(stack, where);
        stack.removeLast();
        if (o == MARK) throw new IOException(where + ": pickle popped a MARK as a value");
        return o;
    }

    private static List<Object> popMark(List<Object> stack, String where) throws IOException {
        int m = stack.lastIndexOf(MARK);
        if (m < 0) throw new IOException(where + ": pickle has no MARK to pop to");
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(List<Object> stack, String where) throws IOException {
        if (top(stack, where) instanceof List<?> l) return (List<Object>) l;
        throw new IOException(where + ": APPEND to something that is not a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(List<Object> stack, String where) throws IOException {
        if (top(stack, where) instanceof Map<?, ?> d) return (Map<Object, Object>) d;
        throw new IOException(where + ": SETITEM on something that is not a dict");
    }
}
