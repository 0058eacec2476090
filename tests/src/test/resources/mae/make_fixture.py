"""Writes the MAE checkpoint fixtures the way MAE's released .pth files were written.

Made with Debian bookworm's python3-torch 1.13.1 (torch.__version__ '1.13.0a0') and Python 3.11:
    cd tests/src/test/resources/mae && /usr/bin/python3 make_fixture.py

A tiny module with the key names of MAE's models_mae.py (MaskedAutoencoderViT) is filled with seeded
random values and saved with torch.save({'model': module.state_dict()}, path), as MAE saves, so the
pickle holds the OrderedDict's _metadata (a BUILD opcode):
  tiny-encoder.pth  the encoder only (as mae_pretrain_vit_base.pth)
  tiny-full.pth     encoder + decoder (as a training checkpoint's 'model')
  tiny-expected.safetensors  every tensor of tiny-full.pth, written here by hand (an 8-byte header
                    length, the JSON header, little-endian float32 data), for element-wise comparison.
Shape (Facet's EsgmConfig): 16x16 images, patch 4 (16 patches), encoder dim 16, depth 1, 2 heads,
MLP ratio 4; decoder dim 16, depth 1, 2 heads. The encoder-only module holds the same values.
"""
import json
import struct

import torch
from torch import nn

IMAGE, PATCH, DIM, DEPTH, HEADS, DEC_DIM, DEC_DEPTH = 16, 4, 16, 1, 2, 16, 1
N = (IMAGE // PATCH) ** 2


class Attention(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)


class Block(nn.Module):
    """timm's Block: the key names MAE's checkpoints carry."""
    def __init__(self, d):
        super().__init__()
        self.norm1 = nn.LayerNorm(d, eps=1e-6)
        self.attn = Attention(d)
        self.norm2 = nn.LayerNorm(d, eps=1e-6)
        self.mlp = Mlp(d)


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(3, DIM, PATCH, PATCH)


class TinyMae(nn.Module):
    def __init__(self, decoder):
        super().__init__()
        self.patch_embed = PatchEmbed()
        self.cls_token = nn.Parameter(torch.zeros(1, 1, DIM))
        self.pos_embed = nn.Parameter(torch.zeros(1, N + 1, DIM), requires_grad=False)   # fixed sin-cos in MAE
        self.blocks = nn.ModuleList([Block(DIM) for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(DIM, eps=1e-6)
        if decoder:
            self.decoder_embed = nn.Linear(DIM, DEC_DIM)
            self.mask_token = nn.Parameter(torch.zeros(1, 1, DEC_DIM))
            self.decoder_pos_embed = nn.Parameter(torch.zeros(1, N + 1, DEC_DIM), requires_grad=False)
            self.decoder_blocks = nn.ModuleList([Block(DEC_DIM) for _ in range(DEC_DEPTH)])
            self.decoder_norm = nn.LayerNorm(DEC_DIM, eps=1e-6)
            self.decoder_pred = nn.Linear(DEC_DIM, PATCH * PATCH * 3)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for k, t in tensors.items():
        raw = t.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[k] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


torch.manual_seed(22)
full = TinyMae(decoder=True)
with torch.no_grad():
    for p in full.state_dict(keep_vars=True).values():
        p.copy_(torch.randn(p.shape))
encoder = TinyMae(decoder=False)
missing, unexpected = encoder.load_state_dict(full.state_dict(), strict=False)
assert not missing and unexpected, (missing, unexpected)

torch.save({'model': full.state_dict()}, "tiny-full.pth")
torch.save({'model': encoder.state_dict()}, "tiny-encoder.pth")
write_safetensors("tiny-expected.safetensors", full.state_dict())
print("torch", torch.__version__, ":", len(full.state_dict()), "tensors,", len(encoder.state_dict()), "in the encoder")
