"""NumPy reference of the perfusion engine's method, vectorised over voxels (bench only).

Reads <dir>/meta.json (frames, voxels, times, the AIF curve, constants) and <dir>/data.f32 (frames ×
voxels, HU: the voxels the reference is run on), processed in chunks of `chunk` voxels (default 32768:
large enough that NumPy's per-call overhead is amortised, small enough for the L × chunk arrays),
computes the same steps as src/core/perfusion (baseline from the AIF, ΔHU, Patlak K₀, leakage
correction, linear resampling to the median interval, block-circulant SVD with the linearly
interpolated AIF, oSVD truncation by oscillation index, Patlak again against the delayed AIF, CBV),
Tmax at the half height of the residue's rising edge. Prints one JSON line: seconds and mean
CBF/PS/CBV over the mask, so the two implementations can be compared, and the CPU seconds of the
process (all its threads), since the machine's cores may be shared.
"""
import json
import sys
import time

import numpy as np


def main(folder):
    meta = json.load(open(f"{folder}/meta.json"))
    nt, nvox = meta["frames"], meta["voxels"]
    data = np.fromfile(f"{folder}/data.f32", dtype=np.float32).reshape(nt, nvox)
    mask = np.fromfile(f"{folder}/mask.u8", dtype=np.uint8).astype(bool)
    times = np.array(meta["times"], dtype=np.float64)
    chunk = int(meta.get("chunk", 32768))
    t0 = time.perf_counter()
    c0 = time.process_time()
    aif_hu = np.array(meta["aifHu"], dtype=np.float64)
    sums = {"cbf": 0.0, "ps": 0.0, "cbv": 0.0}
    selected = np.flatnonzero(mask)
    for start in range(0, selected.size, chunk):
        part = selected[start:start + chunk]
        r = maps(data[:, part].astype(np.float64), aif_hu, times, meta["oscillationIndex"])
        for key in sums:
            sums[key] += float(r[key].sum())
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n = int(selected.size)
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "voxels": n, "meanCbf": sums["cbf"] / n * 6000, "meanPs": sums["ps"] / n * 6000, "meanCbv": sums["cbv"] / n * 100}))


def maps(c, aif_hu, times, max_oscillation):
    """CBF (1/s), PS (1/s) and CBV (fraction) of the tissue curves c (frames × voxels, HU)."""
    nt = times.size
    peak = int(np.argmax(aif_hu))
    head = max(1, peak // 4)
    base, sd = aif_hu[:head].mean(), aif_hu[:head].std(ddof=1) if head > 1 else 0.0
    thr = base + max(2 * sd, 0.02 * (aif_hu[peak] - base))
    arrival = peak
    while arrival > 0 and aif_hu[arrival - 1] > thr:
        arrival -= 1
    nb = max(1, arrival)
    aif = aif_hu - aif_hu[:nb].mean()
    c = c - c[:nb].mean(axis=0)
    dts = np.diff(times)
    aif_int = np.concatenate([[0.0], np.cumsum(0.5 * (aif[1:] + aif[:-1]) * dts)])
    end = peak
    while end < nt and aif[end] > 0.3 * aif[peak]:
        end += 1
    start = int(np.searchsorted(times, times[end] + 25)) if end < nt else nt

    def patlak(x, a):
        """K of tissue = K·x + V·a over the late frames; x, a are (frames,) or (voxels, frames)."""
        x, a, y = np.atleast_2d(x)[:, start:], np.atleast_2d(a)[:, start:], c[start:].T
        sxx, sxa, saa = (x * x).sum(1), (x * a).sum(1), (a * a).sum(1)
        sxy, say = (x * y).sum(1), (a * y).sum(1)
        det = sxx * saa - sxa * sxa
        ok = det > 1e-12 * sxx * saa
        return np.where(ok, (sxy * saa - say * sxa) / np.where(ok, det, 1), 0.0)

    k0 = patlak(aif_int, aif)
    corrected = c - aif_int[:, None] * k0[None, :]
    dt = float(np.median(dts))
    n = int(np.floor((times[-1] - times[0]) / dt + 1e-9)) + 1
    grid = times[0] + dt * np.arange(n)
    idx = np.clip(np.searchsorted(times, grid, side="right") - 1, 0, nt - 2)
    w = np.clip((grid - times[idx]) / (times[idx + 1] - times[idx]), 0, 1)
    cg = corrected[idx] * (1 - w)[:, None] + corrected[idx + 1] * w[:, None]
    ag = aif[idx] * (1 - w) + aif[idx + 1] * w
    L = 2 * n
    a = np.concatenate([ag, np.zeros(L - n)])
    at = lambda k: np.where((k >= 0) & (k < n), a[np.clip(k, 0, L - 1)], 0.0)
    lag = (np.arange(L)[:, None] - np.arange(L)[None, :]) % L
    D = dt / 6 * (at(lag - 1) + 4 * at(lag) + at(lag + 1))
    U, s, Vt = np.linalg.svd(D)
    p = (U[:n].T @ cg) / s[:, None]
    trial = np.zeros((L, cg.shape[1]))
    out = np.zeros_like(trial)
    active = np.ones(cg.shape[1], dtype=bool)
    kept = np.zeros(cg.shape[1], dtype=bool)
    for k in range(L):
        if s[k] <= s[0] * 1e-10:
            break
        trial += np.outer(Vt[k], p[k])
        if k + 1 < L and s[k] - s[k + 1] <= 1e-9 * s[0]:
            continue
        fmax = trial.max(axis=0)
        oi = np.abs(trial[2:] - 2 * trial[1:-1] + trial[:-2]).sum(axis=0) / (L * np.where(fmax > 0, fmax, np.nan))
        ok = (fmax > 0) & (oi <= max_oscillation) & active
        out[:, ok] = trial[:, ok]
        stop = active & kept & ~ok
        active &= ~stop
        kept |= ok
        if not active.any():
            break
    cbf = np.maximum(out.max(axis=0), 0)
    peak_i = np.argmax(out, axis=0)
    cols = np.arange(out.shape[1])
    back = out[(peak_i[None, :] - np.arange(L)[:, None]) % L, cols[None, :]]  # back[m] = f[peak − m]
    half = out[peak_i, cols] / 2
    m = np.argmax(back < half[None, :], axis=0)  # first step back below half height
    hi, lo = back[np.maximum(m - 1, 0), cols], back[m, cols]
    frac = np.where(m > 0, (hi - half) / np.where(hi != lo, hi - lo, 1), 0)
    j = (peak_i - np.maximum(m - 1, 0)) % L
    tmax = (np.where(j >= n, j - L, j) - frac) * dt
    f1 = (out * np.exp(2j * np.pi * np.arange(L) / L)[:, None]).sum(axis=0)
    centroid = np.angle(f1) * L / (2 * np.pi)
    centroid = np.where(centroid > L / 2, centroid - L, centroid) * dt

    def delayed(curve, shift):
        q = times[None, :] - shift[:, None]
        j = np.clip(np.searchsorted(times, q, side="right") - 1, 0, nt - 2)
        ww = np.clip((q - times[j]) / (times[j + 1] - times[j]), 0, 1)
        return curve[j] * (1 - ww) + curve[j + 1] * ww

    lag_t = np.where(cbf > 0, np.maximum(tmax, 0), 0)
    lag_c = np.where(cbf > 0, np.maximum(centroid, 0), 0)
    x = delayed(aif_int, lag_t)
    k = patlak(x, delayed(aif, lag_c))
    trap = lambda y: (0.5 * (y[1:] + y[:-1]) * dts[:, None]).sum(axis=0)
    cbv = (trap(c) - k * trap(x.T)) / aif_int[-1]
    return {"cbf": cbf, "ps": k, "cbv": cbv}


main(sys.argv[1])
