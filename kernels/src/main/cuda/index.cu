// Gather and scatter-add along one axis with an int32 index (torch.gather / scatter_add_).
//
// Algorithm: one thread per index element. gather reads x at the index's position with the axis
// coordinate replaced by the index value; scatter-add atomically adds src into a zeroed target
// (float atomics: the order of additions into one target element, and so its last bits, may vary
// from run to run). An out-of-range index is not dereferenced: the first one seen is recorded in
// err = {flag, value} and the Java side turns it into the CPU backend's exception.
// Layout: the walk is over the index's (coalesced) sizes; x / target are addressed by strides with
// the axis stride zeroed, plus index * axis_stride. out (gather) is contiguous.
// Bottleneck: memory, random access along the axis.
#include "common.cuh"

__device__ __forceinline__ bool index_ok(int i, int size, int* err) {
    if (i >= 0 && i < size) return true;
    if (atomicCAS(err, 0, 1) == 0) err[1] = i;
    return false;
}

extern "C" __global__ void gather_f32(Sizes sz, long long n, const int* index, Strides is, const float* x, Strides xs,
                                      long long axis_stride, int axis_size, float* out, int* err) {
    GRID_STRIDE_LOOP(i, n) {
        int j = index[strided_offset(i, sz, is)];
        out[i] = index_ok(j, axis_size, err) ? x[strided_offset(i, sz, xs) + j * axis_stride] : 0.f;
    }
}

extern "C" __global__ void scatter_add_f32(Sizes sz, long long n, const int* index, Strides is, const float* src,
                                           Strides ss, float* target, Strides ts, long long axis_stride, int axis_size,
                                           int* err) {
    GRID_STRIDE_LOOP(i, n) {
        int j = index[strided_offset(i, sz, is)];
        if (index_ok(j, axis_size, err)) atomicAdd(target + strided_offset(i, sz, ts) + j * axis_stride, src[strided_offset(i, sz, ss)]);
    }
}
