// A CPU stand-in for the CUDA execution model, just enough to run Facet's kernel sources unchanged:
// each block's threads are OS threads; __syncthreads is a barrier over the block, warp shuffles a
// barrier-protected exchange among the 32 threads of a warp; __shared__ arrays are statics (blocks
// run one after another); atomics are std::atomic_ref. A thread that returns drops out of its
// barriers, as an exited CUDA thread stops counting for __syncthreads. No tensor cores: the TF32
// kernels are compiled out (FACET_EMULATE). Slow (a thread per CUDA thread), for small tests only.
#pragma once
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#define FACET_EMULATE 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static

struct EmuDim { unsigned x = 0, y = 0, z = 0; };

namespace emu {
struct Warp {
    std::unique_ptr<std::barrier<>> bar;
    unsigned long long slot[32];
};
inline thread_local EmuDim tid, bid;
inline EmuDim bdim, gdim;
inline std::unique_ptr<std::barrier<>> block_bar;
inline std::vector<Warp> warps;
inline std::vector<char> dynamic;

inline void syncthreads() { block_bar->arrive_and_wait(); }

template <class T>
T exchange(T v, int src) {
    static_assert(sizeof(T) <= 8, "shuffles move at most 8 bytes");
    Warp& w = warps[tid.x / 32];
    std::memcpy(&w.slot[tid.x & 31], &v, sizeof(T));
    w.bar->arrive_and_wait();
    T r;
    std::memcpy(&r, &w.slot[src & 31], sizeof(T));
    w.bar->arrive_and_wait();
    return r;
}
}  // namespace emu

#define threadIdx emu::tid
#define blockIdx emu::bid
#define blockDim emu::bdim
#define gridDim emu::gdim
#define __syncthreads() emu::syncthreads()
#define FACET_DYNAMIC_SHARED(T, name) T* name = reinterpret_cast<T*>(emu::dynamic.data())

template <class T> T __shfl_sync(unsigned, T v, int src) { return emu::exchange(v, src); }
template <class T> T __shfl_xor_sync(unsigned, T v, int mask) { return emu::exchange(v, (int)(emu::tid.x & 31) ^ mask); }
inline float atomicAdd(float* a, float v) { return std::atomic_ref<float>(*a).fetch_add(v); }
inline int atomicCAS(int* a, int expected, int desired) {
    std::atomic_ref<int>(*a).compare_exchange_strong(expected, desired);
    return expected;
}
using std::max;
using std::min;
