#!/usr/bin/env python3
"""PyTorch's side of the GPU check: the same ops, shapes and flop counts as
bench/src/main/java/facet/bench/GpuBenchmark.java, timed with CUDA events on the same card,
printed as CSV rows `op,shape,torch_ms`. Vendor kernels: cuBLAS (matmul, TF32 only in the tf32
rows), cuDNN (convolutions, benchmark mode), FlashAttention / memory-efficient SDPA.

Without torch or without a GPU it prints the header and one `# skipped` line, and exits 0.
`--quick` uses the same shrunken sizes as GpuBenchmark --quick.
"""
import sys


def main():
    quick = "--quick" in sys.argv
    print("op,shape,torch_ms")
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:
        print(f"# skipped: PyTorch is not installed ({e})")
        return
    if not torch.cuda.is_available():
        print("# skipped: torch sees no CUDA device")
        return
    dev = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    print(f"# device: {torch.cuda.get_device_name(0)}; torch {torch.__version__}")

    def time(fn):
        """Mean ms of one call: warm-up, then enough calls for about half a second (at least 3)."""
        for _ in range(2):
            fn()
        torch.cuda.synchronize()
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record(); fn(); e.record(); torch.cuda.synchronize()
        once = s.elapsed_time(e)
        iters = int(max(3, min(50, 500 / max(once, 1e-3))))
        s.record()
        for _ in range(iters):
            fn()
        e.record()
        torch.cuda.synchronize()
        return s.elapsed_time(e) / iters

    def row(op, shape, ms):
        print(f"{op},{shape},{ms:.4f}", flush=True)

    g = torch.Generator(device=dev).manual_seed(0)

    def randn(*shape, grad=False):
        return torch.randn(*shape, device=dev, generator=g).requires_grad_(grad)

    # ---- GEMM --------------------------------------------------------------------------------
    for prec in ("fp32", "tf32"):
        torch.backends.cuda.matmul.allow_tf32 = prec == "tf32"
        torch.backends.cudnn.allow_tf32 = False
        for n in ([256] if quick else [1024, 2048, 4096, 8192]):
            a, b = randn(n, n), randn(n, n)
            row(f"matmul_{prec}", f"{n}x{n}x{n}", time(lambda: a @ b))
    torch.backends.cuda.matmul.allow_tf32 = False

    # ---- attention ---------------------------------------------------------------------------
    for b, h, t, d in ((32, 3, 65, 64), (32, 3, 17, 64), (32, 4, 65, 32), (32, 12, 197, 64)):
        if quick:
            b = 2
        shape = f"B{b} H{h} T{t} D{d}"
        q, k, v = randn(b, h, t, d, grad=True), randn(b, h, t, d, grad=True), randn(b, h, t, d, grad=True)
        dout = randn(b, h, t, d)
        row("attention_fwd", shape, time(lambda: F.scaled_dot_product_attention(q, k, v)))
        row("attention_fwd_bwd", shape, time(lambda: F.scaled_dot_product_attention(q, k, v).backward(dout)))

    # ---- ResNet-18 convolutions --------------------------------------------------------------
    for image in ([32] if quick else [64, 224]):
        layers = [(64, image, 7, 2, 3, 3)]
        hw, c = image // 4, 64
        while c <= 512:
            layers.append((c, hw, 3, 1, 1, c))
            c, hw = c * 2, hw // 2
        for o, hw, k, st, pad, cin in layers:
            n = 2 if quick else 32
            x, w = randn(n, cin, hw, hw), randn(o, cin, k, k)
            y = F.conv2d(x, w, stride=st, padding=pad)
            dy = randn(*y.shape)
            shape = f"N{n} C{cin} {hw}x{hw} O{o} k{k} s{st}"
            row("conv2d_fwd", shape, time(lambda: F.conv2d(x, w, stride=st, padding=pad)))
            row("conv2d_bwd_input", shape, time(lambda: torch.nn.grad.conv2d_input(x.shape, w, dy, stride=st, padding=pad)))
            row("conv2d_bwd_weight", shape, time(lambda: torch.nn.grad.conv2d_weight(x, w.shape, dy, stride=st, padding=pad)))

    # ---- one training step of the same ViT-Tiny-shaped encoder -------------------------------
    b, t, d, heads, layers_n, classes = (2 if quick else 32), 65, 192, 3, 4, 10
    params = []
    for _ in range(layers_n):
        params += [torch.ones(d, device=dev), torch.zeros(d, device=dev), randn(d, 3 * d) * 0.02, randn(d, d) * 0.02,
                   torch.ones(d, device=dev), torch.zeros(d, device=dev), randn(d, 4 * d) * 0.02, randn(4 * d, d) * 0.02]
    params.append(randn(d, classes) * 0.02)
    params = [p.detach().requires_grad_(True) for p in params]
    opt = torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.05)
    x, labels = randn(b, t, d), torch.zeros(b, dtype=torch.long, device=dev)

    def train():
        hid = x
        for l in range(layers_n):
            p = params[8 * l: 8 * l + 8]
            qkv = (F.layer_norm(hid, (d,), p[0], p[1], 1e-6) @ p[2]).reshape(b, t, 3, heads, d // heads)
            q, k, v = (qkv[:, :, i].transpose(1, 2) for i in range(3))
            hid = hid + F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, t, d) @ p[3]
            hid = hid + F.gelu(F.layer_norm(hid, (d,), p[4], p[5], 1e-6) @ p[6]) @ p[7]
        loss = F.cross_entropy(hid.mean(1) @ params[-1], labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    row("train_step_vit_tiny", f"B{b} T{t} D{d} L{layers_n}", time(train))


if __name__ == "__main__":
    main()
