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

    # ---- one training step of each reference workload (Facet's bench Workloads) -------------
    b = 2 if quick else 32
    for name, make in (("W1", lambda: resnet18_small(7)), ("W2", lambda: vit(64, 8, 192, 6, 3, 4, 7))):
        torch.manual_seed(0)
        model = make().to(dev).train()
        row(f"train_step_{name}", f"B{b} 3x64x64", time(training_step(model, randn(b, 3, 64, 64), torch.arange(b, device=dev) % 7)))


def training_step(model, x, labels):
    """Forward, cross-entropy, backward and AdamW (lr 1e-3, weight decay 0.05 off biases and 1-d
    parameters, as Facet's ParamGroup.decayAndNoDecay), torch's default (foreach) implementation."""
    import torch
    import torch.nn.functional as F
    decay = [p for n, p in model.named_parameters() if p.ndim > 1 and not n.endswith(".bias")]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1 or n.endswith(".bias")]
    opt = torch.optim.AdamW([{"params": no_decay, "weight_decay": 0.0}, {"params": decay, "weight_decay": 0.05}],
                            lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), labels).backward()
        opt.step()
    return step


# ---- the workloads' networks, layer for layer as nn/src/main/java/facet/nn/models builds them ----
# Imported lazily so the script still prints its skip line where torch is missing.

def resnet18_small(classes):
    """ResNet-18 with the small-image stem: 3x3 stride-1 conv, no max-pool; BasicBlocks 64-512
    (a 1x1 stride-s conv + batch norm shortcut where the shape changes); global average pool; fc."""
    import torch.nn as nn
    import torch.nn.functional as F

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
            self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
            self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                               if stride != 1 or cin != cout else nn.Identity())

        def forward(self, x):
            y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
            return F.relu(y + self.downsample(x))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64)
            widths, cin, layers = (64, 128, 256, 512), 64, []
            for i, w in enumerate(widths):
                layers.append(nn.Sequential(BasicBlock(cin, w, 1 if i == 0 else 2), BasicBlock(w, w, 1)))
                cin = w
            self.layers = nn.Sequential(*layers)
            self.fc = nn.Linear(512, classes)

        def forward(self, x):
            x = self.layers(F.relu(self.bn1(self.conv1(x))))
            return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))

    return Net()


def attention(q, k, v):
    """torch's fused scaled-dot-product attention, or its composed form on torch < 2.0 (no SDPA)."""
    import torch
    import torch.nn.functional as F
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v)
    return torch.softmax(q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5, dim=-1) @ v


def vit(image, patch, dim, depth, heads, mlp_ratio, classes):
    """ViT as Facet's VisionTransformer with learned positions and class-token pooling: conv patch
    embedding (with bias); positions added to the patches, then the class token plus position 0
    in front; pre-norm blocks (LayerNorm eps 1e-6, qkv with bias, SDPA, proj; fc1, exact GELU, fc2);
    a final LayerNorm; the head on the class token. No dropout or drop path (the W2 config has none)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1, self.norm2 = nn.LayerNorm(dim, eps=1e-6), nn.LayerNorm(dim, eps=1e-6)
            self.qkv, self.proj = nn.Linear(dim, 3 * dim, bias=True), nn.Linear(dim, dim)
            self.fc1, self.fc2 = nn.Linear(dim, int(dim * mlp_ratio)), nn.Linear(int(dim * mlp_ratio), dim)

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(self.norm1(x)).reshape(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
            x = x + self.proj(attention(q, k, v).transpose(1, 2).reshape(b, t, d))
            return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            n = (image // patch) ** 2
            self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
            self.pos_embed = nn.Parameter(torch.randn(1, 1 + n, dim) * 0.02)
            self.patch_embed = nn.Conv2d(3, dim, patch, patch)
            self.blocks = nn.Sequential(*[Block() for _ in range(depth)])
            self.norm = nn.LayerNorm(dim, eps=1e-6)
            self.head = nn.Linear(dim, classes)

        def forward(self, x):
            patches = self.patch_embed(x).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:]
            cls = (self.cls_token + self.pos_embed[:, :1]).expand(x.shape[0], -1, -1)
            x = self.norm(self.blocks(torch.cat((cls, patches), 1)))
            return self.head(x[:, 0])

    return Net()


if __name__ == "__main__":
    main()
