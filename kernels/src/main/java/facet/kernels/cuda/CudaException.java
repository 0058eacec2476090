package facet.kernels.cuda;

/** A CUDA driver call or kernel failed; the message names the call or kernel and the error. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) { super(message); }
}
