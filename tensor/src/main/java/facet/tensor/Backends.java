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

    /** Why CUDA cannot be used in this build; the CUDA backend arrives with its own issue. */
    public static String cudaUnavailableReason() {
        return "the CUDA backend is not built yet (CPU only)";
    }
}
