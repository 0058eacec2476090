package facet.tensor;

/** Picks the backend for a device and dtype: the only place device dispatch happens. */
public final class Backends {
    private Backends() {}

    public static Backend of(Device device, DType dtype) {
        if (device.kind() == Device.Kind.CPU) {
            return Profiler.wrap(dtype == DType.F64 ? ReferenceBackend.INSTANCE : CpuBackend.INSTANCE);
        }
        throw new IllegalStateException("device " + device + " is not available: " + cudaUnavailableReason());
    }

    /**
     * The same backend with every fusable op run as its default composition of primitives: what
     * a fused kernel is tested and benchmarked against.
     */
    public static Backend composed(Backend b) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> {
                    if (m.isDefault()) return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                    try {
                        return m.invoke(b, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Why CUDA cannot be used in this build; the CUDA backend arrives with its own issue. */
    public static String cudaUnavailableReason() {
        return "the CUDA backend is not built yet (CPU only)";
    }
}
