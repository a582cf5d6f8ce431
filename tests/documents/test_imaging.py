"""Page photos: every kind of input either becomes a clean, upright, metadata-free page or is refused
with a Vietnamese Problem — from its headers at upload, or when the worker decodes it. All images
are made here with Pillow; nothing touches a database."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageFont

from backend.documents import imaging
from backend.documents.imaging import (
    MAX_PIXELS_COSTLY,
    MAX_UPLOAD_BYTES,
    PAGE_LONG_EDGE,
    THUMB_LONG_EDGE,
    inspect_upload,
    normalise_page,
)
from backend.errors import Problem
from tests.support import HTML_BYTES, PDF_BYTES, png_claiming, small_bomb

RED = (200, 30, 40)


# --- making inputs -----------------------------------------------------------------------------


def _document(size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    """An A4-like page: lines of text and a red seal in the lower right."""
    im = Image.new("RGB", size, (248, 247, 242))
    draw = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=max(12, size[0] // 40))
    for row in range(12):
        draw.text((size[0] // 10, size[1] // 10 + row * size[1] // 20), "Giay xac nhan so 0361 ngay 27/10", fill=(20, 20, 20), font=font)
    cx, cy, r = int(size[0] * 0.72), int(size[1] * 0.85), size[0] // 10
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=RED, width=max(3, r // 8))
    draw.ellipse([cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2], fill=RED)
    return im


def _encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def _srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _camera_jpeg() -> bytes:
    """12 MP, stored landscape with EXIF orientation 6 (shown portrait), GPS, XMP and an ICC profile,
    as a phone writes it. The red mark is top-left of the page as shown."""
    shown = Image.new("RGB", (3000, 4000), (245, 245, 240))
    draw = ImageDraw.Draw(shown)
    draw.rectangle([0, 0, 600, 600], fill=RED)
    draw.text((300, 1200), "CONG HOA XA HOI CHU NGHIA VIET NAM", fill=(0, 0, 0), font=ImageFont.load_default(size=80))
    stored = shown.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (12.0, 14.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (109.0, 11.0, 0.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    return _encode(stored, "JPEG", quality=92, exif=exif, xmp=xmp, icc_profile=_srgb_icc())


def _webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, at = [], 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunks.append(kind)
        at += 8 + size + (size & 1)
    return chunks


def _assert_clean(data: bytes) -> Image.Image:
    """No EXIF, GPS, XMP or ICC: a simple lossy WebP holding nothing but the picture."""
    assert _webp_chunks(data) == [b"VP8 "]
    im = Image.open(io.BytesIO(data))
    assert im.format == "WEBP"
    assert len(im.getexif()) == 0
    assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(im.info)
    im.load()
    return im


def _refused(call: Callable[[bytes], object], data: bytes) -> Problem:
    with pytest.raises(Problem) as caught:
        call(data)
    return caught.value


# --- pages that pass ---------------------------------------------------------------------------


def test_document_page_is_resized_in_colour_with_thumbnail() -> None:
    data = _encode(_document(), "PNG")
    info = inspect_upload(data)
    assert (info.format, info.media_type, info.width, info.height) == ("png", "image/png", 1240, 1754)
    assert not info.first_frame_only

    page = normalise_page(data)
    assert page.media_type == page.thumbnail_media_type == "image/webp"
    assert (page.width, page.height) == (1131, PAGE_LONG_EDGE)
    im = _assert_clean(page.image)
    assert im.size == (page.width, page.height)
    # The seal stays red: colour is kept.
    r, g, b = im.convert("RGB").getpixel((int(1131 * 0.72), int(PAGE_LONG_EDGE * 0.85)))
    assert r > 150 and g < 90 and b < 90
    thumb = _assert_clean(page.thumbnail)
    assert max(thumb.size) == THUMB_LONG_EDGE
    assert len(page.image) <= 100 * 1024


def test_camera_jpeg_is_turned_upright_and_loses_all_metadata() -> None:
    data = _camera_jpeg()
    source = Image.open(io.BytesIO(data))
    assert source.size == (4000, 3000)
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really carries GPS
    assert "icc_profile" in source.info and "xmp" in source.info

    info = inspect_upload(data)
    assert (info.format, info.width, info.height) == ("jpeg", 3000, 4000)

    page = normalise_page(data)
    assert (page.width, page.height) == (1200, 1600)
    im = _assert_clean(page.image).convert("RGB")
    # Orientation applied: the red mark is top-left as shown, not where the sensor put it.
    r, g, b = im.getpixel((60, 60))
    assert r > 150 and g < 90 and b < 90
    assert im.getpixel((1140, 60))[1] > 200  # top-right is paper
    assert im.getpixel((60, 1540))[1] > 200  # bottom-left is paper


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = _encode(Image.new("CMYK", (800, 600), (0, 255, 255, 0)), "JPEG", quality=90)
    assert inspect_upload(data).format == "jpeg"
    page = normalise_page(data)
    assert (page.width, page.height) == (800, 600)
    im = _assert_clean(page.image)
    assert im.mode == "RGB"
    r, g, b = im.getpixel((400, 300))
    assert r > 200 and g < 60 and b < 60


def test_sixteen_bit_png_is_scaled_not_clipped() -> None:
    data = _encode(Image.new("I;16", (600, 400), 40000), "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I;16")
    page = normalise_page(data)
    im = _assert_clean(page.image).convert("L")
    assert abs(im.getpixel((300, 200)) - 40000 // 256) <= 3


def test_palette_png_with_transparency_lands_on_white() -> None:
    im = Image.new("P", (500, 400), 0)
    im.putpalette([0, 0, 0, 200, 30, 40] + [0] * 762)
    ImageDraw.Draw(im).rectangle([0, 0, 249, 399], fill=1)
    data = _encode(im, "PNG", transparency=0)
    out = _assert_clean(normalise_page(data).image).convert("RGB")
    assert min(out.getpixel((400, 200))) > 240  # transparent -> white, not black
    assert out.getpixel((100, 200))[0] > 150


def test_animated_gif_keeps_the_first_frame_and_says_so() -> None:
    frames = [Image.new("L", (400, 300), 255), Image.new("L", (400, 300), 0)]
    data = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    info = inspect_upload(data)
    assert (info.format, info.frames, info.first_frame_only) == ("gif", 2, True)
    out = _assert_clean(normalise_page(data).image).convert("L")
    assert out.getpixel((200, 150)) > 240


def test_heic_from_an_iphone_is_accepted() -> None:
    pillow_heif.register_heif_opener()
    data = _encode(_document((1000, 1400)), "HEIF", quality=80)
    info = inspect_upload(data)
    assert (info.format, info.media_type, info.width, info.height) == ("heic", "image/heic", 1000, 1400)
    page = normalise_page(data)
    assert (page.width, page.height) == (1000, 1400)  # never enlarged
    _assert_clean(page.image)


def test_avif_from_an_android_phone_is_accepted() -> None:
    data = _encode(_document((1000, 1400)), "AVIF", quality=60, speed=10)
    info = inspect_upload(data)
    assert (info.format, info.media_type, info.width, info.height) == ("avif", "image/avif", 1000, 1400)
    page = normalise_page(data)
    assert (page.width, page.height) == (1000, 1400)
    im = _assert_clean(page.image).convert("RGB")
    r, g, b = im.getpixel((720, int(1400 * 0.85)))
    assert r > 150 and g < 90 and b < 90  # the seal survives the trip


def test_the_upload_check_reads_headers_and_decodes_nothing() -> None:
    # Half a JPEG: its headers are whole, its pixels are not. Only the worker's decode can tell.
    damaged = _truncated_jpeg()
    info = inspect_upload(damaged)
    assert (info.format, info.width, info.height) == ("jpeg", 800, 600)
    assert _refused(normalise_page, damaged).code == "image_corrupt"


def test_webp_has_a_lower_pixel_limit_because_its_decoder_needs_twice_the_memory() -> None:
    data = _encode(Image.new("RGB", (7000, 6000), (250, 250, 250)), "WEBP", quality=30, method=0)
    problem = _refused(inspect_upload, data)
    assert (problem.code, MAX_PIXELS_COSTLY) == ("image_too_many_pixels", 36_000_000)
    assert "Ảnh có 42 megapixel, vượt quá 36 megapixel" in problem.detail.vi


def test_file_name_and_declared_type_play_no_part() -> None:
    # The same bytes under any name: only decoding decides, and a WebP is a WebP.
    data = _encode(_document((800, 1100)), "WEBP", quality=80)
    assert inspect_upload(data).format == "webp"


# --- inputs that are refused -------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000">'
    b'<rect width="1000" height="1000" fill="red"/></svg>'
)


def _truncated_jpeg() -> bytes:
    data = _encode(Image.effect_noise((800, 600), 40).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) // 2]


# Refused from the headers alone: at upload, and again by the worker should such bytes reach it.
REFUSALS = {
    "empty": (lambda: b"", 422, "image_empty", "không có nội dung"),
    "pdf renamed .jpg": (lambda: PDF_BYTES, 422, "image_unsupported", "Tệp không phải ảnh"),
    "html renamed .jpg": (lambda: HTML_BYTES, 422, "image_unsupported", "Tệp không phải ảnh"),
    "svg renamed .jpg": (lambda: SVG, 422, "image_unsupported", "chọn ảnh JPG, PNG, HEIC"),
    "png header claiming 10 gigapixels": (
        lambda: png_claiming(100_000, 100_000),
        422,
        "image_too_many_pixels",
        "vượt quá 60 megapixel",
    ),
    "small file decoding to 64 MP": (small_bomb, 422, "image_too_many_pixels", "Ảnh có 64 megapixel"),
    "10 x 50000 px": (lambda: _encode(Image.new("L", (10, 50000), 255), "PNG"), 422, "image_bad_shape", "quá dài và hẹp"),
    "thumbnail-sized": (lambda: _encode(_document((120, 170)), "JPEG"), 422, "image_too_small", "quá nhỏ để đọc"),
    "over 15 MB": (lambda: b"\xff\xd8" + b"\0" * MAX_UPLOAD_BYTES, 413, "image_too_large", "tối đa 15 MB"),
}


@pytest.mark.parametrize("call", [inspect_upload, normalise_page], ids=["inspect", "normalise"])
@pytest.mark.parametrize("case", list(REFUSALS))
def test_bad_input_is_refused_in_vietnamese(case: str, call: Callable[[bytes], object]) -> None:
    make, status, code, phrase = REFUSALS[case]
    problem = _refused(call, make())
    assert (problem.status, problem.code) == (status, code)
    assert phrase in problem.detail.vi
    assert problem.title.vi and problem.title.en and problem.detail.en  # a heading for the citizen, too; English too


def _truncated_png() -> bytes:
    data = _encode(Image.effect_noise((800, 600), 40), "PNG")
    return data[: len(data) // 2]


@pytest.mark.parametrize("make", [_truncated_jpeg, _truncated_png], ids=["jpeg", "png"])
def test_damaged_pixels_are_the_workers_verdict(make: Callable[[], bytes]) -> None:
    data = make()
    inspect_upload(data)  # the headers are fine
    problem = _refused(normalise_page, data)
    assert (problem.status, problem.code) == (422, "image_corrupt")
    assert "chưa tải lên hết" in problem.detail.vi


def test_pillow_limit_is_set_deliberately() -> None:
    assert Image.MAX_IMAGE_PIXELS == imaging.MAX_PIXELS == 60_000_000
    assert 4000 * 3000 < imaging.MAX_PIXELS and 8160 * 6120 < imaging.MAX_PIXELS


# --- pages the phone already made --------------------------------------------------------------


def _pwa_webp(**params: object) -> bytes:
    """As the PWA's canvas sends a page: ≤ 1600 px, lossy WebP, no metadata."""
    return _encode(_document((1200, 1600)), "WEBP", quality=82, **params)


def test_a_page_the_phone_already_made_is_kept_byte_for_byte() -> None:
    data = _pwa_webp()
    assert _webp_chunks(data) == [b"VP8 "] and imaging.kept_as_sent(data)
    page = normalise_page(data)
    assert page.kept and page.image == data
    assert (page.media_type, page.width, page.height) == ("image/webp", 1200, 1600)
    thumb = _assert_clean(page.thumbnail)
    assert thumb.size == (240, THUMB_LONG_EDGE)


def test_a_metadata_free_jpeg_is_kept_and_one_with_exif_is_re_encoded() -> None:
    plain = _encode(_document((1200, 1600)), "JPEG", quality=85)
    page = normalise_page(plain)
    assert page.kept and page.image == plain and page.media_type == "image/jpeg"
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Test Phone"
    with_exif = _encode(_document((1200, 1600)), "JPEG", quality=85, exif=exif)
    tagged = _encode(_document((1200, 1600)), "JPEG", quality=85, comment=b"taken at home")
    for data in (with_exif, tagged):
        assert not imaging.kept_as_sent(data)
        _assert_clean(normalise_page(data).image)


@pytest.mark.parametrize("chunk", ["exif", "xmp", "icc"])
def test_a_webp_with_metadata_chunks_is_re_encoded_without_them(chunk: str) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Test Phone"
    params = {
        "exif": {"exif": exif}, "xmp": {"xmp": b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'}, "icc": {"icc_profile": _srgb_icc()},
    }[chunk]
    data = _pwa_webp(**params)
    assert len(_webp_chunks(data)) > 1 and not imaging.kept_as_sent(data)
    page = normalise_page(data)
    assert not page.kept and page.image != data
    _assert_clean(page.image)


def test_lossless_oversized_and_trailing_bytes_are_not_kept() -> None:
    assert not imaging.kept_as_sent(_encode(_document((1200, 1600)), "WEBP", lossless=True))
    assert not imaging.kept_as_sent(_encode(_document((1240, 1754)), "WEBP", quality=82))  # over 1600 px
    assert not imaging.kept_as_sent(_pwa_webp() + b"hidden")
    assert not imaging.kept_as_sent(_encode(_document((1200, 1600)), "JPEG", quality=85) + b"trailer")


def test_a_hostile_file_shaped_like_a_kept_page_is_still_refused() -> None:
    """Headers that pass the keep check over a damaged bitstream: the one decode finds it."""
    data = _pwa_webp()
    payload = data[20:]
    cut = payload[: len(payload) // 3 // 2 * 2]  # even: no padding byte
    damaged = b"RIFF" + struct.pack("<I", 4 + 8 + len(cut)) + b"WEBP" + b"VP8 " + struct.pack("<I", len(cut)) + cut
    assert imaging.kept_as_sent(damaged)
    problem = _refused(normalise_page, damaged)
    assert (problem.status, problem.code) == (422, "image_corrupt")
    assert _refused(normalise_page, HTML_BYTES).code == "image_unsupported"
