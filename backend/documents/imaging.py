"""Decide whether uploaded bytes are a page photo, and turn one into a compact, metadata-free page.

Pure functions, bytes in and bytes out: no files, no database, no clock. The upload endpoint calls
`inspect_upload`, which reads headers only, while the citizen is still there to retake the photo; the
arq job calls `normalise_page` on the stored original, in a child process of its own (`decoder`), or in a
thread for a page kept as sent.
Both raise `Problem` (422, or 413 for size) with Vietnamese copy for anything that is not a usable
page, never a bare exception, so the endpoint answers problem+json and the worker marks the page
failed instead of crashing or retrying forever.

Policy, with the measurements behind it (`bench/photo_pipeline.py` for speed and size: a 12-MP camera
JPEG of an A4 page with 13-pt Vietnamese body text and a red seal; `bench/hostile_uploads.py` for
memory; peaks are a process's RSS above its size before the call; KB = 1000 bytes, MB = 10⁶ bytes):

* **Type from the header, never by name or Content-Type.** `Image.open` is restricted to JPEG (and
  MPO, which is how Pillow names many phone JPEGs), PNG, WebP, GIF, HEIF and AVIF (Pillow 13 decodes
  it with dav1d; newer Android phones save it), so no other Pillow plugin (EPS would start
  Ghostscript) ever sees citizen bytes. PDF, HTML, SVG and empty files are refused with
  `image_unsupported` / `image_empty`.
* **No decoding in the request.** `inspect_upload` reads type, size, frame count and EXIF orientation
  from the headers (under 5 MB of RSS for a 60-MP file of any format; a PNG's EXIF stored after its
  pixels is not looked for), so an API process holds no more than the bodies in flight (15 MB each).
  A photo whose headers are intact but whose data is truncated or corrupt is found by the worker: the
  page ends `failed` with `image_corrupt`'s text, which the app shows beside it.
* **Pixel limits, set by decode memory.** Anything above `MAX_PIXELS` (60 MP) is refused from the
  header (`image_too_many_pixels`); `Image.MAX_IMAGE_PIXELS` is set to the same, and Pillow's own
  error above twice that maps to the same Problem. 60 MP passes the 48–50 MP modes of current phones
  (8160×6120 = 49.9 MP). Peak decode memory at 60 MP: baseline JPEG 33 MB (thanks to `draft`),
  progressive JPEG 190 MB, 16-bit grey PNG 140 MB (resized first, scaled to 8 bits after), PNG RGB
  280 MB, GIF 295 MB, 8-bit HEIF 435 MB, RGBA PNG 520 MB (resizing RGBA premultiplies a full copy),
  AVIF 540 MB. Two decoders need about twice as much per pixel and get `MAX_PIXELS_COSTLY` (36 MP):
  WebP, which Pillow decodes through libwebp's animation API (two canvases besides the frame:
  ~16 bytes a pixel, 940 MB at 60 MP; no camera writes WebP), and 10/12-bit HEIF (~16 bytes a pixel:
  the 33-MP camera `.hif` of pillow-heif's tests peaks at 520 MB). So no accepted photo needs more
  than ~580 MB to decode, and `decoder` runs one decode at a time per worker process.
* **HEIF:** the primary image only; depth maps, auxiliary images and embedded thumbnails are not even
  listed. **Animated GIF / WebP, multi-image HEIF:** the first frame (the primary image) is the
  page; `UploadInfo.first_frame_only` says so, so the UI can tell the citizen.
* **Shapes:** a long edge more than `MAX_ASPECT` (8) times the short edge (e.g. 10×50000) is refused
  (`image_bad_shape`): no paper is that shape (a long shop receipt is about 1:5), and squeezing it to a
  page makes it unreadable. A short edge under `MIN_EDGE` (200 px) cannot carry legible text
  (`image_too_small`).
* **Size on disk:** pages are resized to `PAGE_LONG_EDGE` = 1600 px (A4 at ~137 dpi; 13-pt body text
  has an x-height of ~11 px and Vietnamese stacked diacritics such as ễ, ở stay distinct, checked by
  eye on the bench's 1:1 crops) and encoded as **WebP quality 50, method 2**: ~95 KB for the bench
  page. JPEG, measured on the same pixels, needs ~140 KB at q50 (with visibly worse ringing and a lower
  SSIM against the noise-free page) and ~175 KB at q70, so it misses 100 KB at any quality that keeps
  text clean; at 2000 px WebP only fits 100 KB at q35–40. Method 2 encodes in ~45 ms against ~115 ms
  for methods 3–4 (the default is 4), for ~4 % more bytes; methods 0–1 are ~30 % larger.
  Every browser we target (Chrome/Android, Safari ≥ 14) shows WebP.
* **Colour:** kept. Greyscale saved only ~3 % (WebP already subsamples chroma) and loses the red seal.
* **Speed:** JPEG is decoded with `Image.draft()` (libjpeg's DCT scaling) at the smallest power-of-two
  scale that still covers 1600 px, so a 12-MP photo is decoded as 3 MP (~26 ms); the small step left
  (2000 → 1600 px) uses HAMMING, as cheap as bilinear (~20 ms vs ~40 ms for LANCZOS) and sharper; EXIF
  rotation and colour conversion run on the small image. Bench (12-MP photo, 2-core machine): ~105 ms
  per page including the thumbnail, ~0.6–0.8× pyvips `thumbnail` + the same encoder, ~2.6–2.8× faster
  than a full decode + LANCZOS, 33 MB peak RSS against ~80–120 MB. The child process adds ~60 ms.
* **A page the phone already made is kept as sent** (`kept_as_sent`, from headers, nothing decoded): a lossy
  WebP that is `VP8 ` alone (or an empty `VP8X` beside it: no ICC, EXIF, XMP, alpha or animation chunk) or a
  JPEG whose markers are frames, tables, scans and APP0 only (no APP1–15, no comment), nothing after the
  container's end, 8-bit RGB or grey, at most `PAGE_LONG_EDGE` px and `KEEP_MAX_BYTES` (300 KB: the PWA
  sends WebP at 0.82, ~120–170 KB for a 1200×1600 page, or JPEG at 0.85 where the browser cannot encode
  WebP). It is still decoded once, which checks it and makes the thumbnail (a JPEG at the thumbnail's DCT
  scale, which still reads every coefficient; a WebP reduced 1/5 by box averaging). `bench/submissions.py`,
  on this 2-core machine under other load: re-encoding such a page cost ~45 ms decode + ~62 ms encode + ~5 ms
  thumbnail, plus the child process (worker ~170–520 CPU-ms per 3-page dossier); kept, ~45 ms (almost all
  the WebP decode), ~55 CPU-ms per page in the worker in all. The price is bytes: ~150 KB stored instead of
  ~95 KB. Anything else (camera JPEGs with EXIF, HEIF, PNG, lossless WebP…) is re-encoded as below.
* **Metadata:** the page's info is emptied and the encoder is told to write no EXIF, XMP or ICC, so the
  file is a bare lossy WebP (`RIFF/WEBP/VP8 `; tested) with no GPS or comments. Embedded ICC profiles
  (Display P3 from iPhones, CMYK) are converted to sRGB first. CMYK becomes RGB, 16-bit greyscale is
  scaled (not clipped) to 8-bit, palette and alpha are flattened onto white.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms

from backend.errors import Problem
from backend.i18n import Text

# The primary image only: depth maps, auxiliary images and embedded thumbnails are never even listed.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 60_000_000
# WebP and 10/12-bit HEIF need about twice the memory per pixel to decode (see the docstring).
MAX_PIXELS_COSTLY = 36_000_000
MAX_ASPECT = 8.0
MIN_EDGE = 200
PAGE_LONG_EDGE = 1600
PAGE_QUALITY = 50
PAGE_METHOD = 2
# A 1-lobe windowed sinc: as cheap as bilinear, sharper; after the draft the step left is small.
PAGE_RESAMPLE = Image.Resampling.HAMMING
THUMB_LONG_EDGE = 320
# A page the phone already made (the PWA sends ≤ 1600 px WebP at 0.82, ~120–170 KB, or JPEG at 0.85 where the
# browser cannot encode WebP) is kept byte for byte up to this size.
KEEP_MAX_BYTES = 300_000
THUMB_QUALITY = 60
PAGE_MEDIA_TYPE = "image/webp"

# Deliberate: Pillow warns above this and raises above twice this; we refuse above it ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow format name -> (our short name, media type). Only these plugins ever see uploaded bytes
# (MPO, the multi-picture JPEG many phones write, is opened by the JPEG plugin).
_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpeg", "image/jpeg"),
    "MPO": ("jpeg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "AVIF": ("avif", "image/avif"),
    "HEIF": ("heic", "image/heic"),
    "GIF": ("gif", "image/gif"),
}
_OPENERS = [name for name in _FORMATS if name != "MPO"]

_ACCEPTED = Text("JPG, PNG, HEIC, AVIF hoặc WebP", "JPG, PNG, HEIC, AVIF or WebP")

# EXIF orientation -> the transposition that shows the image upright.
_TRANSPOSE = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True, slots=True)
class UploadInfo:
    format: str  # "jpeg", "png", "webp", "avif", "heic", "gif"
    media_type: str  # of the original, as decoded
    width: int  # as shown, after EXIF orientation
    height: int
    frames: int
    first_frame_only: bool  # animated/multi-image: only the first frame becomes the page


@dataclass(frozen=True, slots=True)
class NormalisedPage:
    image: bytes
    media_type: str
    width: int
    height: int
    thumbnail: bytes
    thumbnail_media_type: str
    kept: bool = False  # the upload's own bytes: already a compact, metadata-free page


# --- problems a citizen can act on -------------------------------------------------------------


def upload_too_large() -> Problem:
    mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    return Problem(
        413,
        "image_too_large",
        Text("Ảnh quá lớn", "The photo is too large"),
        Text(
            f"Mỗi trang ảnh tối đa {mb} MB. Hãy chụp lại ở chế độ thường (không chọn độ phân giải cao nhất) "
            "hoặc chọn ảnh khác.",
            f"Each photographed page may be at most {mb} MB. Take it again in the normal mode (not the highest "
            "resolution) or choose another photo.",
        ),
    )


def _empty() -> Problem:
    return Problem(
        422,
        "image_empty",
        Text("Tệp trống", "The file is empty"),
        Text(
            "Tệp gửi lên không có nội dung. Hãy chụp lại giấy tờ hoặc chọn lại ảnh.",
            "The file sent is empty. Photograph the paper again or choose the photo again.",
        ),
    )


def _unsupported() -> Problem:
    return Problem(
        422,
        "image_unsupported",
        Text("Tệp không phải ảnh", "The file is not a photo"),
        Text(
            f"Tệp không phải ảnh. Hãy chụp lại giấy tờ hoặc chọn ảnh {_ACCEPTED.vi}. "
            "Tệp PDF hay tài liệu khác cần được chụp thành ảnh trước khi gửi.",
            f"The file is not a photo. Photograph the paper again or choose a {_ACCEPTED.en} photo. "
            "A PDF or another document has to be photographed before it is sent.",
        ),
    )


def corrupt() -> Problem:
    return Problem(
        422,
        "image_corrupt",
        Text("Ảnh bị lỗi", "The photo is damaged"),
        Text(
            "Ảnh bị hỏng hoặc chưa tải lên hết nên không mở được. Hãy chụp lại hoặc gửi lại ảnh.",
            "The photo is damaged or did not upload completely, so it cannot be opened. Take it again or send it again.",
        ),
    )


def _too_many_pixels(size: tuple[int, int] | None, limit: int = MAX_PIXELS) -> Problem:
    megapixels = (
        Text(f"{size[0] * size[1] / 1_000_000:.0f} megapixel", f"{size[0] * size[1] / 1_000_000:.0f} megapixels")
        if size else Text("quá nhiều điểm ảnh", "too many pixels")
    )
    allowed = limit // 1_000_000
    return Problem(
        422,
        "image_too_many_pixels",
        Text("Ảnh có độ phân giải quá lớn", "The photo's resolution is too high"),
        Text(
            f"Ảnh có {megapixels.vi}, vượt quá {allowed} megapixel cho phép. "
            "Hãy chụp lại ở chế độ thường hoặc chọn ảnh nhỏ hơn.",
            f"The photo has {megapixels.en}, over the {allowed} megapixels allowed. "
            "Take it again in the normal mode or choose a smaller photo.",
        ),
    )


def _bad_shape(width: int, height: int) -> Problem:
    return Problem(
        422,
        "image_bad_shape",
        Text("Ảnh có kích thước bất thường", "The photo has an unusual shape"),
        Text(
            f"Ảnh {width}×{height} điểm ảnh quá dài và hẹp để là một trang giấy tờ. "
            "Hãy chụp từng trang, để trang giấy chiếm gần hết khung hình.",
            f"A {width}×{height} pixel photo is too long and narrow to be a page. "
            "Photograph one page at a time, with the page filling most of the frame.",
        ),
    )


def _too_small(width: int, height: int) -> Problem:
    return Problem(
        422,
        "image_too_small",
        Text("Ảnh quá nhỏ", "The photo is too small"),
        Text(
            f"Ảnh chỉ có {width}×{height} điểm ảnh, quá nhỏ để đọc được chữ. "
            "Hãy chụp lại gần hơn hoặc chọn ảnh gốc thay vì ảnh đã thu nhỏ.",
            f"The photo is only {width}×{height} pixels, too small for the text to be read. "
            "Take it again from closer, or choose the original photo rather than a reduced one.",
        ),
    )


def too_slow() -> Problem:
    return Problem(
        422,
        "image_too_complex",
        Text("Không xử lý được ảnh", "The photo could not be processed"),
        Text(
            "Ảnh này mất quá nhiều thời gian để xử lý. Hãy chụp lại giấy tờ bằng máy ảnh của điện thoại "
            "ở chế độ thường rồi gửi lại.",
            "This photo takes too long to process. Photograph the paper again with the phone's camera in "
            "its normal mode and send it again.",
        ),
    )


# Exceptions the image libraries raise on malformed input (Pillow and pillow-heif use several).
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, RuntimeError)


# --- opening -----------------------------------------------------------------------------------


def _open(data: bytes) -> Image.Image:
    """Identify from the header and apply every check that needs no decoding."""
    if not data:
        raise _empty()
    if len(data) > MAX_UPLOAD_BYTES:
        raise upload_too_large()
    try:
        with warnings.catch_warnings():
            # Between MAX_PIXELS and 2× Pillow only warns; we refuse those below, from the header.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=_OPENERS)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(_claimed_size(error)) from None
    except Image.UnidentifiedImageError:
        raise _unsupported() from None
    except _DECODE_ERRORS:
        raise corrupt() from None
    if im.format not in _FORMATS:  # pragma: no cover - guarded by `formats=` above
        raise _unsupported()
    width, height = im.size
    limit = _pixel_limit(im)
    if width * height > limit:
        raise _too_many_pixels((width, height), limit)
    if max(width, height) > MAX_ASPECT * max(1, min(width, height)):
        raise _bad_shape(width, height)
    if min(width, height) < MIN_EDGE:
        raise _too_small(width, height)
    return im


def _pixel_limit(im: Image.Image) -> int:
    if im.format == "WEBP" or (im.format == "HEIF" and im.info.get("bit_depth", 8) > 8):
        return MAX_PIXELS_COSTLY
    return MAX_PIXELS


def _claimed_size(error: Exception) -> tuple[int, int] | None:
    """Pillow's bomb error names the pixel count, not the size; enough to word the message."""
    match = re.search(r"\((\d+) pixels\)", str(error))
    return (int(match.group(1)), 1) if match else None


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except _DECODE_ERRORS:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _header_orientation(im: Image.Image) -> int:
    # Pillow reaches a PNG's EXIF after the pixel data by decoding the whole image: not at upload.
    if im.format == "PNG" and "exif" not in im.info:
        return 1
    return _orientation(im)


def inspect_upload(data: bytes) -> UploadInfo:
    """What the bytes are, or a Problem, from the headers alone: no pixel is decoded, so the request
    costs no more memory than the upload itself. Damage further in is the worker's verdict."""
    im = _open(data)
    fmt, media_type = _FORMATS[im.format or ""]
    try:
        frames = int(getattr(im, "n_frames", 1) or 1)
        rotated = _header_orientation(im) >= 5
    except _DECODE_ERRORS:
        raise corrupt() from None
    width, height = (im.height, im.width) if rotated else im.size
    return UploadInfo(
        format=fmt,
        media_type=media_type,
        width=width,
        height=height,
        frames=frames,
        first_frame_only=frames > 1,
    )


# --- normalising -------------------------------------------------------------------------------


def _fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, long_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_resizable(im: Image.Image) -> Image.Image:
    """Palette and 1-bit images only resize by nearest neighbour: they become 8-bit ones first."""
    mode = im.mode
    if mode == "P":
        return im.convert("RGBA" if "transparency" in im.info else "RGB")
    if mode == "PA":
        return im.convert("RGBA")
    if mode == "1":
        return im.convert("L")
    return im


def _to_8bit(im: Image.Image) -> Image.Image:
    """16/32-bit greyscale, scaled after the resize (on the small image: 4 bytes a pixel at full size
    cost twice the decode itself)."""
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        # Scale 0..65535 down to 0..255; a plain convert("L") would clip everything to white.
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "F":
        return im.point(lambda v: v * 255).convert("L")
    return im


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB (or L) in sRGB with no alpha: profiles applied, CMYK converted, transparency on white."""
    # Greyscale profiles change nothing a reader would see; colour ones (Display P3, CMYK) do.
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, source, _SRGB, outputMode=target) or im
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the numbers as they are
    if im.mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat if im.mode.startswith("RGB") else flat.convert("L")
    if im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    return im


def _encode_webp(im: Image.Image, quality: int, method: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "WEBP", quality=quality, method=method, exif=b"", icc_profile=None, xmp=b"")
    return buf.getvalue()


# --- keeping a page the phone already made ------------------------------------------------------

# WebP's extended header (VP8X) flags: ICC profile, alpha, EXIF, XMP, animation.
_VP8X_ANY_EXTRA = 0x20 | 0x10 | 0x08 | 0x04 | 0x02


def _bare_lossy_webp(data: bytes) -> bool:
    """RIFF/WEBP holding a lossy VP8 bitstream and nothing else (an empty VP8X header at most): no EXIF,
    XMP or ICC chunk, no alpha, no animation, no bytes after the RIFF container."""
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    if int.from_bytes(data[4:8], "little") + 8 != len(data):
        return False
    kinds, at = [], 12
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if kind == b"VP8X" and (size < 1 or data[at + 8] & _VP8X_ANY_EXTRA):
            return False
        kinds.append(kind)
        at += 8 + size + (size & 1)
    return at == len(data) and kinds in ([b"VP8 "], [b"VP8X", b"VP8 "])


# JPEG markers that carry no metadata: frames (baseline, extended, progressive; 8-bit Huffman), tables,
# restart interval and markers, scans, APP0 (JFIF, which says nothing about the person).
_JPEG_PLAIN = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xDA, 0xE0, *range(0xD0, 0xD8)}


def _bare_jpeg(data: bytes) -> bool:
    """A JPEG whose every marker is in `_JPEG_PLAIN` (no EXIF, XMP, ICC, Adobe, comment or other APPn)
    and nothing after its end: read marker by marker, entropy-coded data skipped, never decoded."""
    if data[:2] != b"\xff\xd8":
        return False
    at, end = 2, len(data)
    while at + 4 <= end:
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker not in _JPEG_PLAIN:
            return False
        size = int.from_bytes(data[at + 2:at + 4], "big")
        at += 2 + size
        if marker == 0xDA:  # a scan: entropy-coded data up to the next marker that is not a stuffed 0xFF00 or RSTn
            while True:
                at = data.find(b"\xff", at)
                if at < 0 or at + 1 >= end:
                    return False
                following = data[at + 1]
                if following == 0xD9:
                    return at + 2 == end  # EOI: nothing may follow (an MPO's second image, a vendor trailer)
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    at += 2
                    continue
                break
    return False


def kept_as_sent(data: bytes) -> bool:
    """Whether `normalise_page` keeps these bytes as they are (headers only; False for anything it refuses)."""
    try:
        return _keepable(data, _open(data))
    except Problem:
        return False


def _keepable(data: bytes, im: Image.Image) -> bool:
    """The page as sent already meets the policy, read from headers: WebP (lossy) or JPEG in 8-bit RGB or
    grey, at most `PAGE_LONG_EDGE` px and `KEEP_MAX_BYTES`, with no metadata at all (so no orientation to
    apply, no profile to convert, nothing to strip)."""
    if len(data) > KEEP_MAX_BYTES or max(im.size) > PAGE_LONG_EDGE or im.mode not in ("RGB", "L"):
        return False
    if im.format == "WEBP":
        return _bare_lossy_webp(data)
    return im.format == "JPEG" and _bare_jpeg(data)


def _kept(data: bytes, im: Image.Image) -> NormalisedPage:
    """Checked by one decode, which also makes the thumbnail: a JPEG decoded straight at the thumbnail's
    1/2^k scale (libjpeg still reads every coefficient, so damage anywhere shows), a WebP decoded once and
    reduced by box averaging (1600 px → 320 px is an exact 1/5: no resampling step is left)."""
    media_type = _FORMATS[im.format or ""][1]
    size = im.size
    thumb_size = _fit(size, THUMB_LONG_EDGE)
    try:
        if im.format == "JPEG":
            im.draft(im.mode, thumb_size)
        im.load()
        thumb = im.resize(thumb_size, Image.Resampling.BICUBIC, reducing_gap=1.0)
    except _DECODE_ERRORS:
        raise corrupt() from None
    thumb.info.clear()
    return NormalisedPage(
        image=data,
        media_type=media_type,
        width=size[0],
        height=size[1],
        thumbnail=_encode_webp(thumb, THUMB_QUALITY, PAGE_METHOD),
        thumbnail_media_type=PAGE_MEDIA_TYPE,
        kept=True,
    )


def normalise_page(data: bytes) -> NormalisedPage:
    """The page image as we store and show it, plus its thumbnail; or a Problem."""
    im = _open(data)
    if _keepable(data, im):
        return _kept(data, im)
    icc = im.info.get("icc_profile")
    orientation = _orientation(im)
    target = _fit(im.size, PAGE_LONG_EDGE)
    try:
        if im.format in ("JPEG", "MPO"):
            # Shrink on load: libjpeg decodes straight to the smallest 1/2^k scale covering `target`.
            mode = im.mode if im.mode in ("RGB", "L") else None
            im.draft(mode, target)
        im.load()
        im = _to_resizable(im)
        if im.size != target:
            im = im.resize(target, PAGE_RESAMPLE, reducing_gap=3.0)
    except _DECODE_ERRORS:
        raise corrupt() from None
    im = _to_srgb(_to_8bit(im), icc)
    for step in _TRANSPOSE.get(orientation, ()):
        im = im.transpose(step)
    page = im
    # Nothing but pixels leaves: the encoder is also told to write no EXIF, XMP or ICC (tested).
    page.info.clear()
    thumb = page.resize(_fit(page.size, THUMB_LONG_EDGE), Image.Resampling.BICUBIC, reducing_gap=1.0)
    return NormalisedPage(
        image=_encode_webp(page, PAGE_QUALITY, PAGE_METHOD),
        media_type=PAGE_MEDIA_TYPE,
        width=page.width,
        height=page.height,
        thumbnail=_encode_webp(thumb, THUMB_QUALITY, PAGE_METHOD),
        thumbnail_media_type=PAGE_MEDIA_TYPE,
    )
