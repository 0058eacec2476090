package facet.kernels;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a fused op does to its result y before writing it: nothing, max(y, 0), or
 * max(y + residual, 0) (the end of a ResNet block). T is the residual at the caller's level: a
 * float[] in a kernel, a Tensor in a backend, a Variable in autograd. Every epilogue but
 * {@link None} ends with a ReLU, whose backward masks dY by y > 0.
 */
public sealed interface Epilogue<T> {
    record None<T>() implements Epilogue<T> {}

    record Relu<T>() implements Epilogue<T> {}

    /** residual has y's shape. */
    record AddRelu<T>(T residual) implements Epilogue<T> {
        public AddRelu { Objects.requireNonNull(residual, "addRelu: the residual"); }
    }

    static <T> Epilogue<T> none() { return new None<>(); }

    static <T> Epilogue<T> relu() { return new Relu<>(); }

    static <T> Epilogue<T> addRelu(T residual) { return new AddRelu<>(residual); }

    default boolean endsWithRelu() { return !(this instanceof None); }

    /** The same epilogue one level down: the residual mapped (a Variable to its tensor, a tensor to its array). */
    default <U> Epilogue<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case None<T> n -> none();
            case Relu<T> r -> relu();
            case AddRelu<T> a -> addRelu(f.apply(a.residual()));
        };
    }
}
