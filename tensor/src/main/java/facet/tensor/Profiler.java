package facet.tensor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Time per backend op, for finding where a training step goes. When enabled, {@link Backends}
 * hands out backends wrapped in a timing proxy; a fused op (attention, softmax...) is timed as
 * one entry, including the primitives it calls on itself. Off by default and free when off.
 */
public final class Profiler {
    private Profiler() {}

    private static volatile boolean enabled, byShape;
    private static final Map<String, LongAdder[]> TOTALS = new ConcurrentHashMap<>();
    private static final Map<Backend, Backend> WRAPPED = new ConcurrentHashMap<>();

    public static void enable(boolean on) { enabled = on; }

    /** Also split each op's entry by the shapes of its first two tensor arguments. */
    public static void byShape(boolean on) { byShape = on; }

    public static boolean enabled() { return enabled; }

    public static void reset() { TOTALS.clear(); }

    /** Op name (with the unary/binary/reduce kind) -> {calls, nanoseconds}, largest total first. */
    public static Map<String, long[]> totals() {
        Map<String, long[]> out = new LinkedHashMap<>();
        TOTALS.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1].sum(), a.getValue()[1].sum()))
                .forEach(e -> out.put(e.getKey(), new long[] {e.getValue()[0].sum(), e.getValue()[1].sum()}));
        return out;
    }

    static Backend wrap(Backend b) {
        return enabled ? WRAPPED.computeIfAbsent(b, Profiler::proxy) : b;
    }

    private static Backend proxy(Backend target) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (p, m, args) -> {
            String name = m.getName();
            if (args != null && args.length > 0 && args[0] instanceof Enum<?> kind) name += "." + kind.name().toLowerCase();
            if (byShape && args != null) {
                StringBuilder sb = new StringBuilder(name);
                int shown = 0;
                for (Object a : args) {
                    if (a instanceof Tensor t && shown++ < 2) sb.append(shown == 1 ? " " : " x ").append(Shape.str(t.shape()));
                }
                name = sb.toString();
            }
            long t0 = System.nanoTime();
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                LongAdder[] t = TOTALS.computeIfAbsent(name, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                t[0].increment();
                t[1].add(System.nanoTime() - t0);
            }
        });
    }
}
