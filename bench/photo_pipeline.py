"""The page-photo pipeline on a 12-megapixel camera JPEG of an A4 document, against naive Pillow and
pyvips, in one run.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/photo_pipeline.py [--runs 5]

The photo is generated: an A4 page (13-pt Vietnamese body text, bold heading, a red seal with a blue
signature) on a table, softened by the lens, lit unevenly, with sensor noise, stored 4000×3000 with
EXIF orientation 6 at quality 92 as a phone camera writes it.

Methods, each in its own subprocess so memory is measured the same way for all three:
  ours    `backend.documents.imaging.normalise_page` (shrink-on-load with draft, resize, rotate, strip,
          WebP page *and* its 320-px thumbnail)
  naive   Pillow: full decode, exif_transpose, LANCZOS resize to the same size, the same WebP encoder
  pyvips  `thumbnail_buffer` to the same size (shrink-on-load, autorotate), `webpsave` with the same
          quality and effort, metadata stripped

Time is the median of --runs after one warm-up. Memory is the peak RSS of the subprocess above its
RSS after imports (getrusage + /proc); tracemalloc is printed too for the Pillow methods but it only
sees Python's allocator, not the pixel buffers Pillow and libvips malloc themselves, so it is not the
figure to compare.

Legibility: the reference is the same page through the same lens and light but without sensor noise,
downsampled (LANCZOS) to the output size: the signal a reader needs. SSIM (7×7 window, on grey) over
the body-text block compares each output with it; the photo resized losslessly gives the ceiling, so
the encoder's own cost is visible. Crops of the body text and the seal at 1:1 are written to
bench/out/ to look at.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SERIF_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
BODY = (
    "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục "
    "hành chính theo cơ chế một cửa, một cửa liên thông tại bộ phận một cửa và cổng dịch vụ công quốc "
    "gia; xét đề nghị của ông Nguyễn Văn Hưởng, sinh ngày 12/03/1987, thường trú tại thôn Phước Lộc, "
    "xã Ninh Hòa, tỉnh Khánh Hòa, về việc cấp đổi giấy phép lái xe hạng B2 đã hết hạn sử dụng."
)
SHOWN = (3000, 4000)  # the page as shown (portrait); stored rotated, EXIF orientation 6
BODY_PX = 58  # 13 pt on an A4 sheet 2700 px wide (12.9 px/mm)


# --- the test photo ----------------------------------------------------------------------------


def _font(path: str, size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default(size)


def clean_page():
    """The page as a perfect camera would see it, and the box (l, t, r, b) of the body text."""
    from PIL import Image, ImageDraw

    w, h = SHOWN
    im = Image.new("RGB", (w, h), (92, 70, 52))
    draw = ImageDraw.Draw(im)
    px0, py0 = int(w * 0.05), int(h * 0.03)
    pw = w - 2 * px0
    ph = int(pw * 1.414)
    draw.rectangle([px0, py0, px0 + pw, py0 + ph], fill=(246, 244, 238))
    margin = int(pw * 0.09)
    x, y, width = px0 + margin, py0 + int(margin * 0.8), pw - 2 * margin
    bold, regular = _font(SERIF_BOLD, int(BODY_PX * 0.95)), _font(SERIF, BODY_PX)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        draw.text((px0 + (pw - draw.textlength(text, font=bold)) / 2, y), text, font=bold, fill=(20, 20, 20))
        y += int(BODY_PX * 1.5)
    y += BODY_PX
    title_font, title = _font(SERIF_BOLD, int(BODY_PX * 1.3)), "GIẤY XÁC NHẬN"
    draw.text((px0 + (pw - draw.textlength(title, font=title_font)) / 2, y), title, font=title_font, fill=(20, 20, 20))
    y += int(BODY_PX * 2.4)
    top = y
    lines: list[str] = []
    for _ in range(4):
        current = ""
        for word in BODY.split():
            trial = f"{current} {word}".strip()
            if current and draw.textlength(trial, font=regular) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    for line in lines[:24]:
        draw.text((x, y), line, font=regular, fill=(25, 25, 30))
        y += int(BODY_PX * 1.45)
    box = (x, top, x + width, y)
    cx, cy, r = px0 + int(pw * 0.72), py0 + ph - int(BODY_PX * 5.2), int(BODY_PX * 3.6)
    red = (196, 32, 40)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=BODY_PX // 8)
    inner = int(r * 0.78)
    draw.ellipse([cx - inner, cy - inner, cx + inner, cy + inner], outline=red, width=BODY_PX // 12)
    small = _font(SERIF_BOLD, int(BODY_PX * 0.55))
    for text, dy in (("UBND XÃ", -0.35), ("NINH HÒA", 0.05)):
        draw.text((cx - draw.textlength(text, font=small) / 2, cy + dy * r - BODY_PX * 0.3), text, font=small, fill=red)
    signature = [(cx - r * 1.2, cy + r * 0.2), (cx - r * 0.4, cy - r * 0.3), (cx + r * 0.3, cy + r * 0.4), (cx + r * 1.1, cy - r * 0.1)]
    draw.line(signature, fill=(20, 30, 120), width=6)
    return im, box


def camera(clean, noise: float = 3.0):
    """Lens softness and uneven light, plus sensor noise (noise=0 gives the signal a reader needs)."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(7)
    a = np.asarray(clean.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.88 + 0.12 * (1 - ((xx / w - 0.3) ** 2 + (yy / h - 0.2) ** 2))
    a = a * light[..., None]
    if noise:
        a += rng.normal(0, noise, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def camera_jpeg(shown) -> bytes:
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "BenchPhone"
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (12.0, 14.0, 30.0)}
    buf = io.BytesIO()
    shown.transpose(Image.Transpose.ROTATE_90).save(buf, "JPEG", quality=92, exif=exif)
    return buf.getvalue()


# --- the methods (run inside a subprocess each) ------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _peak_rss_kb() -> int:
    # VmHWM is this process's own peak. getrusage's ru_maxrss is the same figure on Linux but keeps the
    # parent's peak across fork+exec, which would charge the photo generator to every method.
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _method(name: str):
    from backend.documents import imaging

    size = imaging.PAGE_LONG_EDGE
    quality, effort = imaging.PAGE_QUALITY, imaging.PAGE_METHOD

    if name == "ours":
        return lambda data: imaging.normalise_page(data).image

    if name == "naive":
        from PIL import Image, ImageOps

        def naive(data: bytes) -> bytes:
            im = Image.open(io.BytesIO(data))
            im.load()
            im = ImageOps.exif_transpose(im)
            scale = size / max(im.size)
            im = im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            im.save(buf, "WEBP", quality=quality, method=effort)
            return buf.getvalue()

        return naive

    if name == "pyvips":
        import pyvips

        pyvips.cache_set_max(0)  # no operation cache: every run decodes the photo again, as ours does

        def vips(data: bytes) -> bytes:
            im = pyvips.Image.thumbnail_buffer(data, size, height=size)
            return im.webpsave_buffer(Q=quality, effort=effort, keep="none")

        return vips

    raise SystemExit(f"unknown method {name}")


def run_worker(name: str, path: str, runs: int) -> None:
    data = Path(path).read_bytes()
    fn = _method(name)
    base = _status_kb("VmRSS")
    out = fn(data)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - start)
    peak = _peak_rss_kb()
    traced = None
    if name != "pyvips":
        tracemalloc.start()
        fn(data)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    Path(path + f".{name}.webp").write_bytes(out)
    print(json.dumps({
        "method": name,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "bytes": len(out),
        "peak_rss_mb": (peak - base) / 1024,
        "tracemalloc_mb": traced / 1e6 if traced is not None else None,
    }))


# --- legibility --------------------------------------------------------------------------------


def _ssim(x, y) -> float:
    import numpy as np

    def box(a, k=7):
        c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), 0), 1)
        return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)

    x, y = x.astype(np.float64), y.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = box(x), box(y)
    sxx, syy, sxy = box(x * x) - mx * mx, box(y * y) - my * my, box(x * y) - mx * my
    return float((((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))).mean())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--photo", help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = max(1, min(args.runs, 30))
    if args.worker:
        run_worker(args.worker, args.photo, runs)
        return

    import numpy as np
    from PIL import Image, ImageOps

    OUT.mkdir(parents=True, exist_ok=True)
    clean, text_box = clean_page()
    data = camera_jpeg(camera(clean))
    # The reference: what the camera saw minus its sensor noise, i.e. the signal the page should keep.
    signal = camera(clean, noise=0).convert("L")
    del clean
    photo = OUT / "photo_12mp.jpg"
    photo.write_bytes(data)
    print(f"input: {photo.relative_to(ROOT)} 4000×3000 (EXIF orientation 6, GPS), {len(data) / 1024:.0f} KiB")

    results = {}
    for name in ("ours", "naive", "pyvips"):
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", name, "--photo", str(photo), "--runs", str(runs)],
            capture_output=True, text=True, check=True,
        )
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])

    # Lossless resize of the photo: what the encoder starts from.
    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    print(f"\nmedian of {runs} runs after one warm-up; memory = peak RSS over RSS after imports\n")
    print(f"{'method':8} {'time ms':>8} {'KiB out':>8} {'KB out':>7} {'peak MB':>8} {'tracemalloc MB':>15} {'SSIM text':>10}")
    for name, r in results.items():
        out = Image.open(io.BytesIO(Path(f"{photo}.{name}.webp").read_bytes()))
        scale = out.width / SHOWN[0]
        ref = signal.resize(out.size, Image.Resampling.LANCZOS)
        box = tuple(round(v * scale) for v in text_box)
        r["ssim"] = _ssim(np.asarray(out.convert("L").crop(box)), np.asarray(ref.crop(box)))
        r["size"] = out.size
        if name == "ours":
            lossless = shown.resize(out.size, Image.Resampling.LANCZOS).convert("L")
            ssim_lossless = _ssim(np.asarray(lossless.crop(box)), np.asarray(ref.crop(box)))
            crop = (box[0], box[1], box[0] + 700, box[1] + 350)
            out.convert("RGB").crop(crop).save(OUT / "ours_text_1to1.png")
            out.convert("RGB").crop((int(out.width * 0.55), int(out.height * 0.84), int(out.width * 0.85), int(out.height * 0.98))).save(OUT / "ours_seal_1to1.png")
            ref.crop(crop).save(OUT / "reference_text_1to1.png")
        tm = f"{r['tracemalloc_mb']:.1f}" if r["tracemalloc_mb"] is not None else "-"
        print(
            f"{name:8} {r['median_s'] * 1000:8.0f} {r['bytes'] / 1024:8.1f} {r['bytes'] / 1000:7.1f} "
            f"{r['peak_rss_mb']:8.0f} {tm:>15} {r['ssim']:10.4f}"
        )
    print(f"{'lossless':8} {'':8} {'':8} {'':7} {'':8} {'':>15} {ssim_lossless:10.4f}   (full decode + LANCZOS, not encoded)")
    ours, naive, vips = results["ours"], results["naive"], results["pyvips"]
    print(f"\noutput size: {ours['size'][0]}×{ours['size'][1]} (all three: {naive['size']}, {vips['size']})")
    print(f"ours / pyvips time   = {ours['median_s'] / vips['median_s']:.2f}×  (target ≤ 0.80×)")
    print(f"naive / ours time    = {naive['median_s'] / ours['median_s']:.2f}×  (target ≥ 2.5×)")
    print(f"ours / naive memory  = {ours['peak_rss_mb'] / max(naive['peak_rss_mb'], 0.1):.2f}×;  ours / pyvips memory = {ours['peak_rss_mb'] / max(vips['peak_rss_mb'], 0.1):.2f}×")
    print(f"ours bytes per page  = {ours['bytes'] / 1000:.1f} KB (target ≤ 100 KB)")
    print(f"crops to look at: {', '.join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob('*_1to1.png')))}")


if __name__ == "__main__":
    main()
