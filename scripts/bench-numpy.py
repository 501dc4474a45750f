#!/usr/bin/env python3
"""The same training steps as `perceptron-lab bench`, in plain numpy, on one thread.

Not run in CI. For a side-by-side comparison run both in one go:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/bench-numpy.py
    perceptron-lab bench

(On some processors this machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for old
OpenBLAS builds; they slow a current numpy down, so unset both for the benchmark only.)

Steps, float64, full batch, one gradient-descent update each:
  - cs231n: 2-100-3 ReLU, softmax + cross-entropy, 300 spiral points, lambda 1e-3, lr 1;
  - 3x512: 2-512-512-512-1 ReLU, sigmoid + cross-entropy, 200 spiral points.
"""

import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
            "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[var] = "1"

import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def spiral(classes, per_class, seed=1):
    """cs231n's spiral: `per_class` points on each of `classes` arms."""
    rng = np.random.default_rng(seed)
    n = classes * per_class
    x = np.zeros((n, 2))
    y = np.zeros(n, dtype=np.int64)
    for c in range(classes):
        ix = range(per_class * c, per_class * (c + 1))
        r = np.linspace(0.0, 1.0, per_class)
        t = np.linspace(c * 4, (c + 1) * 4, per_class) + rng.standard_normal(per_class) * 0.2
        x[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = c
    return x, y


def init(sizes, rng, scale=None):
    """Weights d(l-1) x d(l) (He-scaled unless `scale`), zero biases."""
    layers = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        s = scale if scale is not None else np.sqrt(2.0 / d_in)
        layers.append([rng.standard_normal((d_in, d_out)) * s, np.zeros(d_out)])
    return layers


def step(layers, x, y, softmax, reg, lr):
    """One full-batch step: forward, loss, backward, W -= lr (dW + reg W)."""
    n = x.shape[0]
    acts = [x]
    for w, b in layers[:-1]:
        acts.append(np.maximum(0.0, acts[-1] @ w + b))
    w, b = layers[-1]
    z = acts[-1] @ w + b
    if softmax:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(n), y]).mean()
        dz = p
        dz[np.arange(n), y] -= 1.0
    else:
        t = y.reshape(-1, 1).astype(np.float64)
        p = 1.0 / (1.0 + np.exp(-z))
        loss = (np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))).mean()
        dz = p - t
    dz /= n
    loss += 0.5 * reg * sum((w * w).sum() for w, _ in layers)
    for i in range(len(layers) - 1, -1, -1):
        w, b = layers[i]
        dw = acts[i].T @ dz
        db = dz.sum(axis=0)
        if i > 0:
            dz = dz @ w.T
            dz[acts[i] <= 0.0] = 0.0
        w -= lr * (dw + reg * w)
        b -= lr * db
    return loss


def rate(fn, seconds):
    """Steps per second: median and best of short samples over `seconds`."""
    per = 1
    while True:
        t = time.perf_counter()
        for _ in range(per):
            fn()
        if time.perf_counter() - t > 0.05:
            break
        per *= 2
    rates = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(rates) < 5:
        t = time.perf_counter()
        for _ in range(per):
            fn()
        rates.append(per / (time.perf_counter() - t))
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} "
        f"threads={i.get('num_threads')}"
        for i in threadpool_info()
    )


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    seconds = float(os.environ.get("BENCH_SECONDS", "2"))
    print(f"numpy {np.__version__} on {cpu_name()} ({blas_info()})")
    rng = np.random.default_rng(1)
    x, y = spiral(3, 100)
    net = init([2, 100, 3], rng, scale=0.01)
    med, best = rate(lambda: step(net, x, y, True, 1e-3, 1.0), seconds)
    print(f"cs231n step (2-100-3 ReLU, 300 points, full batch): "
          f"{med:.0f} / {best:.0f} steps/s")
    x, y = spiral(2, 100)
    net = init([2, 512, 512, 512, 1], rng)
    med, best = rate(lambda: step(net, x, y, False, 1e-3, 1e-3), seconds)
    print(f"3x512 step (2-512-512-512-1 ReLU, 200 points, full batch): "
          f"{med:.1f} / {best:.1f} steps/s")


if __name__ == "__main__":
    main()
