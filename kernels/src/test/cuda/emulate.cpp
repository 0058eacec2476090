// Runs Facet's CUDA kernels, compiled from their own sources, on the CPU through emulator.h.
// facet.cuda.EmulatedKernelsTest plans launches with the real Java launchers and sends them here.
//
// Protocol (stdin, whitespace-separated; floats as 8-digit hex bit patterns):
//   B id f|i n v...    a float or int buffer       Z id bytes   a zeroed buffer
//   L kernel gx gy gz bx by bz shared nparams, then per parameter one of
//       i32 v | i64 v | f32 hex | ptr address | ints k v1..vk      (sizes, strides, structs)
//   O id               print buffer id (as it was declared) after all launches
// and, for facet.kernels.cuda.EmulatedDevice (a CUDA device played by this process):
//   A id bytes | F id | M address value words | U address f|i|d n values | D address f|i|d n
//   (allocate zeroed, free, fill 32-bit words, upload, download: D answers with one line at once)
// A device address is (buffer id + 1) << 36 plus a byte offset; 0 is the null pointer. Each
// parameter's byte count must equal the kernel's C++ parameter size, or the run fails.
#include "emulator.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "elementwise.cu"
#include "reduce.cu"
#include "gemm.cu"
#include "conv2d.cu"
#include "attention.cu"
#include "softmax.cu"
#include "norm.cu"
#include "pool2d.cu"
#include "index.cu"
#include "sort.cu"
#include "philox.cu"
#include "adamw.cu"
#include "masked_mse.cu"
#include "gap.cu"

struct Buffer { char kind; std::vector<char> bytes; };
static std::map<long long, Buffer> buffers;
using Param = std::vector<char>;

static void fail(const std::string& why) { fprintf(stderr, "emulate: %s\n", why.c_str()); exit(2); }

static char* translate(unsigned long long address) {
    if (address == 0) return nullptr;
    long long id = (long long)(address >> 36) - 1;
    unsigned long long offset = address & ((1ULL << 36) - 1);
    auto it = buffers.find(id);
    if (it == buffers.end() || offset > it->second.bytes.size()) fail("address outside every buffer");
    return it->second.bytes.data() + offset;
}

template <class T>
static T unpack(const Param& p, const char* kernel, size_t index) {
    if (p.size() != sizeof(T)) {
        fail(std::string(kernel) + ": parameter " + std::to_string(index) + " has " + std::to_string(p.size()) + " bytes, the kernel takes "
             + std::to_string(sizeof(T)));
    }
    if constexpr (std::is_pointer_v<T>) {
        unsigned long long a;
        std::memcpy(&a, p.data(), 8);
        return reinterpret_cast<T>(translate(a));
    } else {
        T v;
        std::memcpy(&v, p.data(), sizeof(T));
        return v;
    }
}

template <class... A, size_t... I>
static void call(void (*f)(A...), const std::vector<Param>& ps, const char* kernel, std::index_sequence<I...>) {
    f(unpack<A>(ps[I], kernel, I)...);
}

template <class... A>
static std::function<void(const std::vector<Param>&)> invoker(void (*f)(A...), const char* kernel) {
    return [f, kernel](const std::vector<Param>& ps) {
        if (ps.size() != sizeof...(A)) fail(std::string(kernel) + ": " + std::to_string(ps.size()) + " parameters for " + std::to_string(sizeof...(A)));
        call(f, ps, kernel, std::index_sequence_for<A...>{});
    };
}

#define K(name) {#name, invoker(name, #name)}
static const std::map<std::string, std::function<void(const std::vector<Param>&)>> KERNELS = {
    K(unary_f32), K(binary_f32), K(where_f32), K(copy_f32_f32), K(copy_f32_f64), K(copy_f32_i32), K(copy_f64_f32),
    K(copy_f64_f64), K(copy_f64_i32), K(copy_i32_f32), K(copy_i32_f64), K(copy_i32_i32), K(reduce_block_f32),
    K(reduce_finish_f32), K(reduce_thread_f32), K(arg_reduce_f32), K(gemm_f32), K(conv2d_forward_f32),
    K(conv2d_backward_input_f32), K(conv2d_backward_weight_f32), K(attention_forward_f32), K(attention_backward_dq_f32),
    K(attention_backward_dkv_f32), K(softmax_f32), K(norm_f32), K(norm_backward_f32), K(max_pool_f32),
    K(avg_pool_f32), K(avg_pool_backward_f32), K(gather_f32), K(scatter_add_f32), K(argsort_f32), K(philox_f32), K(adamw_f32),
    K(masked_mse_rows), K(masked_mse_finish), K(masked_mse_backward), K(gap_rows), K(gap_columns),
};

static void launch(const std::string& name, EmuDim grid, EmuDim block, long long shared, const std::vector<Param>& ps) {
    auto it = KERNELS.find(name);
    if (it == KERNELS.end()) fail("no kernel named " + name);
    unsigned threads = block.x * block.y * block.z;
    if (block.y != 1 || block.z != 1 || threads % 32 != 0 || threads > 1024) fail(name + ": blocks must be 1-d multiples of 32");
    emu::gdim = grid;
    emu::bdim = block;
    emu::dynamic.assign(shared, 0);
    for (unsigned bz = 0; bz < grid.z; bz++)
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) {
                emu::block_bar = std::make_unique<std::barrier<>>(threads);
                emu::warps.clear();
                emu::warps.resize(threads / 32);
                for (auto& w : emu::warps) w.bar = std::make_unique<std::barrier<>>(32);
                std::vector<std::thread> ts;
                for (unsigned t = 0; t < threads; t++) {
                    ts.emplace_back([&, t, bx, by, bz] {
                        emu::tid = {t, 0, 0};
                        emu::bid = {bx, by, bz};
                        it->second(ps);
                        emu::warps[t / 32].bar->arrive_and_drop();
                        emu::block_bar->arrive_and_drop();
                    });
                }
                for (auto& th : ts) th.join();
            }
}

int main() {
    std::vector<long long> outputs;
    char cmd[16];
    while (scanf("%15s", cmd) == 1) {
        std::string c = cmd;
        if (c == "B" || c == "Z") {
            long long id, n;
            char kind[4] = "z";
            if (c == "B" && scanf("%lld %3s %lld", &id, kind, &n) != 3) fail("bad B");
            if (c == "Z" && scanf("%lld %lld", &id, &n) != 2) fail("bad Z");
            Buffer b{kind[0], std::vector<char>(c == "B" ? n * 4 : n, 0)};
            for (long long i = 0; c == "B" && i < n; i++) {
                unsigned u;
                int v;
                if (kind[0] == 'f' ? scanf("%x", &u) != 1 : scanf("%d", &v) != 1) fail("bad buffer value");
                std::memcpy(b.bytes.data() + 4 * i, kind[0] == 'f' ? (void*)&u : (void*)&v, 4);
            }
            buffers[id] = std::move(b);
        } else if (c == "L") {
            char name[64];
            EmuDim g, b;
            long long shared, n;
            if (scanf("%63s %u %u %u %u %u %u %lld %lld", name, &g.x, &g.y, &g.z, &b.x, &b.y, &b.z, &shared, &n) != 9) fail("bad L");
            std::vector<Param> ps;
            for (long long i = 0; i < n; i++) {
                char kind[8];
                if (scanf("%7s", kind) != 1) fail("bad parameter");
                std::string k = kind;
                Param p;
                auto put = [&p](const void* v, size_t size) { p.insert(p.end(), (const char*)v, (const char*)v + size); };
                if (k == "i32") { int v; if (scanf("%d", &v) != 1) fail("bad i32"); put(&v, 4); }
                else if (k == "i64" || k == "ptr") { long long v; if (scanf("%lld", &v) != 1) fail("bad i64"); put(&v, 8); }
                else if (k == "f32") { unsigned v; if (scanf("%x", &v) != 1) fail("bad f32"); put(&v, 4); }
                else if (k == "ints") {
                    int m;
                    if (scanf("%d", &m) != 1) fail("bad ints");
                    for (int j = 0; j < m; j++) { int v; if (scanf("%d", &v) != 1) fail("bad int"); put(&v, 4); }
                } else fail("unknown parameter kind " + k);
                ps.push_back(p);
            }
            launch(name, g, b, shared, ps);
        } else if (c == "A") {
            long long id, n;
            if (scanf("%lld %lld", &id, &n) != 2) fail("bad A");
            buffers[id] = Buffer{'z', std::vector<char>(n, 0)};
        } else if (c == "F") {
            long long id;
            if (scanf("%lld", &id) != 1) fail("bad F");
            buffers.erase(id);
        } else if (c == "M") {
            unsigned long long address;
            int value;
            long long words;
            if (scanf("%llu %d %lld", &address, &value, &words) != 3) fail("bad M");
            char* p = translate(address);
            for (long long i = 0; i < words; i++) std::memcpy(p + 4 * i, &value, 4);
        } else if (c == "U" || c == "D") {
            unsigned long long address;
            char kind[4];
            long long n;
            if (scanf("%llu %3s %lld", &address, kind, &n) != 3) fail("bad " + c);
            char* p = translate(address);
            size_t size = kind[0] == 'd' ? 8 : 4;
            for (long long i = 0; i < n; i++) {
                if (c == "U") {
                    unsigned long long u = 0;
                    int v = 0;
                    if (kind[0] == 'i' ? scanf("%d", &v) != 1 : scanf("%llx", &u) != 1) fail("bad upload value");
                    if (kind[0] == 'i') std::memcpy(p + 4 * i, &v, 4);
                    else if (kind[0] == 'd') std::memcpy(p + 8 * i, &u, 8);
                    else { unsigned w = (unsigned)u; std::memcpy(p + 4 * i, &w, 4); }
                } else {
                    unsigned long long u = 0;
                    std::memcpy(&u, p + size * i, size);
                    if (kind[0] == 'i') printf(i ? " %d" : "%d", (int)(unsigned)u);
                    else if (kind[0] == 'd') printf(i ? " %016llx" : "%016llx", u);
                    else printf(i ? " %08x" : "%08x", (unsigned)u);
                }
            }
            if (c == "D") {
                printf("\n");
                fflush(stdout);
            }
        } else if (c == "O") {
            long long id;
            if (scanf("%lld", &id) != 1) fail("bad O");
            outputs.push_back(id);
        } else fail("unknown command " + c);
    }
    for (long long id : outputs) {
        Buffer& b = buffers.at(id);
        for (size_t i = 0; i + 4 <= b.bytes.size(); i += 4) {
            unsigned u;
            std::memcpy(&u, b.bytes.data() + i, 4);
            if (b.kind == 'i') printf(i ? " %d" : "%d", (int)u);
            else printf(i ? " %08x" : "%08x", u);
        }
        printf("\n");
    }
    return 0;
}
