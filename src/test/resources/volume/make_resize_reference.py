# Makes the reference arrays of ResizeTest (run by hand; the tests never run Python).
#
#   python3 make_resize_reference.py      # with PyTorch 2.x (CPU, official x86-64 wheel)
#
# Used: torch 2.13.0+cpu, ATen CPU capability AVX512 (AVX2 gives the same bits; the
# no-SIMD "DEFAULT" build, compiled without FMA contraction, differs by 1-2 ulp).
# Each case writes <name>.npy (float32, shape dstH x dstW) holding
#   torch.nn.functional.interpolate(x[None, None], size=(dstH, dstW), mode="bilinear",
#                                   align_corners=False, antialias=<aa>)
# for an input x of srcH x srcW made by one of the generators below, which ResizeTest
# reproduces bit for bit in Java.
import numpy as np
import torch
import torch.nn.functional as F

f32 = np.float32


def rand(w, h, seed):
    """LCG values k / 2^20 - 8 with 24-bit k: exact in float32, in [-8, 8)."""
    s = seed
    out = np.empty(w * h, f32)
    for i in range(w * h):
        s = (1103515245 * s + 12345) % (1 << 31)
        out[i] = f32((s >> 7) & 0xFFFFFF) / f32(1 << 20) - f32(8)
    return out.reshape(h, w)


def disk(w, h, lo, hi):
    """hi inside a disk and a bar, lo elsewhere (a binary mask: 0/1 or -10/+10)."""
    y, x = np.mgrid[0:h, 0:w]
    cx, cy, r = (w * 2) // 5, h // 2, min(w, h) // 3
    inside = ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) | ((x >= (w * 3) // 4) & (y >= h // 4) & (y < h // 4 + max(1, h // 8)))
    return np.where(inside, f32(hi), f32(lo)).astype(f32)


# name, antialias, generator, srcW, srcH, dstW, dstH
CASES = [
    ("plain_rand_48x40_256x256", False, "rand1", 48, 40, 256, 256),
    ("plain_rand_64x64_48x40", False, "rand2", 64, 64, 48, 40),
    ("plain_rand_7x5_13x11", False, "rand3", 7, 5, 13, 11),
    ("plain_rand_64x64_256x256", False, "rand4", 64, 64, 256, 256),
    ("plain_rand_64x64_100x30", False, "rand5", 64, 64, 100, 30),
    ("plain_rand_256x256_40x48", False, "rand6", 256, 256, 40, 48),
    ("plain_rand_40x48_100x48", False, "rand7", 40, 48, 100, 48),
    ("plain_rand_5x7_5x7", False, "rand8", 5, 7, 5, 7),
    ("plain_rand_30x20_64x64", False, "rand9", 30, 20, 64, 64),
    ("plain_rand_30x20_65x64", False, "rand9", 30, 20, 65, 64),
    ("aa_rand_256x256_64x64", True, "rand10", 256, 256, 64, 64),
    ("aa_rand_1024x1024_256x256", True, "rand11", 1024, 1024, 256, 256),
    ("aa_mask01_48x40_256x256", True, "mask01", 48, 40, 256, 256),
    ("aa_mask10_256x256_64x64", True, "mask10", 256, 256, 64, 64),
    ("aa_rand_7x5_13x11", True, "rand12", 7, 5, 13, 11),
    ("aa_rand_13x11_7x5", True, "rand13", 13, 11, 7, 5),
    ("aa_rand_47x33_13x10", True, "rand14", 47, 33, 13, 10),
    ("aa_rand_300x3_9x200", True, "rand15", 300, 3, 9, 200),
    ("aa_rand_5x7_5x7", True, "rand16", 5, 7, 5, 7),
    ("aa_rand_40x48_100x48", True, "rand17", 40, 48, 100, 48),
]


def make(gen, w, h):
    if gen.startswith("rand"):
        return rand(w, h, int(gen[4:]))
    if gen == "mask01":
        return disk(w, h, 0, 1)
    if gen == "mask10":
        return disk(w, h, -10, 10)
    raise ValueError(gen)


if __name__ == "__main__":
    print("torch", torch.__version__, torch.backends.cpu.get_cpu_capability())
    for name, aa, gen, sw, sh, dw, dh in CASES:
        x = torch.from_numpy(make(gen, sw, sh))[None, None]
        y = F.interpolate(x, size=(dh, dw), mode="bilinear", align_corners=False, antialias=aa)
        np.save(name + ".npy", y[0, 0].numpy().astype("<f4"))
        print(name, tuple(y.shape[2:]))
