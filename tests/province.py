"""A province's procedure list at the scale provinces publish (1,400–2,000 procedures), in the bulk import's own
formats, for the tests and the benches alike (re-exported by tests.support).

Deterministic: the same `count` gives the same file, byte for byte, so importing it twice is a re-import. Names,
documents and form fields are Vietnamese with their diacritics, spread over the catalogue's twelve fields, both
levels, every fee kind and online mode, as the seeded catalogue (backend/catalog/data/procedures.json) varies.
Codes are "3.1xxxxx", apart from the seeded codes.
"""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any

# (Vietnamese, English) pairs.
Pair = tuple[str, str]

ACTIONS: list[Pair] = [
    ("Cấp", "Issuance of"), ("Cấp lại", "Re-issuance of"), ("Cấp đổi", "Replacement of"),
    ("Điều chỉnh", "Amendment of"), ("Gia hạn", "Extension of"), ("Thu hồi", "Withdrawal of"),
    ("Đăng ký", "Registration of"), ("Xác nhận", "Certification of"), ("Công nhận", "Recognition of"),
    ("Thẩm định", "Appraisal of"), ("Chấp thuận", "Approval of"), ("Đăng ký thay đổi", "Registration of changes to"),
]
# Per field: the level it is mostly handled at, and what its procedures are about.
SUBJECTS: dict[str, tuple[str, list[Pair]]] = {
    "ho_tich": ("commune", [
        ("khai sinh có yếu tố nước ngoài", "birth with a foreign element"), ("giám hộ", "guardianship"),
        ("thay đổi, cải chính hộ tịch", "change and correction of civil status"), ("nuôi con nuôi", "adoption"),
        ("khai tử lưu động", "mobile death registration"), ("xác định lại dân tộc", "re-determination of ethnicity"),
        ("chấm dứt giám hộ", "end of guardianship"), ("ghi vào sổ hộ tịch việc ly hôn", "recording a divorce"),
    ]),
    "chung_thuc": ("commune", [
        ("chữ ký người dịch", "the translator's signature"), ("hợp đồng mua bán nhà ở", "a house sale contract"),
        ("văn bản thỏa thuận phân chia di sản", "an estate division agreement"), ("di chúc", "a will"),
        ("văn bản khai nhận di sản", "a declaration of inheritance"), ("hợp đồng ủy quyền", "a power of attorney"),
        ("việc sửa đổi hợp đồng", "an amendment to a contract"), ("bản sao từ sổ gốc", "copies from the master register"),
    ]),
    "ly_lich_tu_phap": ("province", [
        ("Phiếu lý lịch tư pháp số 1", "criminal record certificate no. 1"),
        ("Phiếu lý lịch tư pháp số 2", "criminal record certificate no. 2"),
        ("Phiếu lý lịch tư pháp cho người nước ngoài", "criminal record certificate for foreigners"),
        ("Phiếu lý lịch tư pháp cho cơ quan, tổ chức", "criminal record certificate for organisations"),
    ]),
    "cu_tru": ("commune", [
        ("thường trú tại chỗ ở hợp pháp do thuê, mượn", "permanent residence in a rented home"),
        ("tạm trú cho người chưa thành niên", "temporary residence of a minor"), ("lưu trú", "short stay"),
        ("thông tin cư trú", "residence information"), ("xóa đăng ký thường trú", "removal of permanent residence"),
        ("xóa đăng ký tạm trú", "removal of temporary residence"), ("chủ hộ", "head of household"),
    ]),
    "giay_phep_lai_xe": ("province", [
        ("giấy phép lái xe hạng A1", "class A1 driving licence"), ("giấy phép lái xe hạng B", "class B driving licence"),
        ("giấy phép lái xe quốc tế", "international driving permit"), ("giấy phép lái xe hạng C1", "class C1 driving licence"),
        ("giấy phép lái xe do nước ngoài cấp", "a foreign driving licence"),
        ("giấy phép xe tập lái", "learner vehicle permit"),
    ]),
    "xuat_nhap_canh": ("province", [
        ("hộ chiếu phổ thông cho trẻ em dưới 14 tuổi", "ordinary passport for a child under 14"),
        ("thị thực cho người nước ngoài", "visa for a foreigner"), ("thẻ tạm trú cho người nước ngoài", "temporary residence card for a foreigner"),
        ("giấy thông hành biên giới", "border pass"), ("thẻ thường trú", "permanent residence card"),
        ("hộ chiếu gắn chíp điện tử", "electronic chip passport"),
    ]),
    "ho_kinh_doanh": ("commune", [
        ("hộ kinh doanh ăn uống", "a food business household"), ("tạm ngừng kinh doanh", "a business suspension"),
        ("chấm dứt hoạt động hộ kinh doanh", "the closure of a household business"),
        ("địa điểm kinh doanh của hộ kinh doanh", "a household business's premises"),
        ("giấy chứng nhận đủ điều kiện an toàn thực phẩm", "a food safety certificate"),
        ("giấy phép bán lẻ rượu", "a retail licence for alcohol"), ("giấy phép bán lẻ thuốc lá", "a retail licence for tobacco"),
    ]),
    "doanh_nghiep": ("province", [
        ("công ty trách nhiệm hữu hạn một thành viên", "a single-member limited company"),
        ("công ty cổ phần", "a joint-stock company"), ("chi nhánh, văn phòng đại diện", "a branch or representative office"),
        ("người đại diện theo pháp luật", "the legal representative"), ("vốn điều lệ", "the charter capital"),
        ("ngành, nghề kinh doanh", "business lines"), ("giải thể doanh nghiệp", "the dissolution of an enterprise"),
        ("hợp tác xã", "a cooperative"),
    ]),
    "xay_dung": ("commune", [
        ("giấy phép xây dựng công trình tín ngưỡng", "a building permit for a place of worship"),
        ("giấy phép sửa chữa, cải tạo công trình", "a permit to repair or renovate a building"),
        ("giấy phép di dời công trình", "a permit to relocate a building"),
        ("giấy phép xây dựng có thời hạn", "a temporary building permit"),
        ("chứng chỉ hành nghề hoạt động xây dựng", "a construction practising certificate"),
        ("thông báo khởi công", "a notice of works starting"),
    ]),
    "dat_dai": ("province", [
        ("Giấy chứng nhận quyền sử dụng đất lần đầu", "a first land use right certificate"),
        ("biến động đất đai do chuyển nhượng", "a land change by transfer"), ("chuyển mục đích sử dụng đất", "a change of land use"),
        ("giao đất, cho thuê đất", "land allocation and lease"), ("thế chấp quyền sử dụng đất", "a mortgage of land use rights"),
        ("xóa đăng ký thế chấp", "the release of a mortgage"), ("gia hạn sử dụng đất", "an extension of land use"),
        ("đính chính Giấy chứng nhận", "a correction to a certificate"),
    ]),
    "bao_hiem": ("province", [
        ("thẻ bảo hiểm y tế hộ gia đình", "household health insurance card"),
        ("sổ bảo hiểm xã hội", "social insurance book"), ("trợ cấp thai sản", "maternity allowance"),
        ("bảo hiểm xã hội tự nguyện", "voluntary social insurance"), ("trợ cấp ốm đau", "sickness allowance"),
        ("chế độ hưu trí", "retirement pension"),
    ]),
    "bao_tro_xa_hoi": ("commune", [
        ("trợ cấp xã hội hằng tháng", "monthly social allowance"), ("hỗ trợ chi phí mai táng", "funeral cost support"),
        ("hộ nghèo, hộ cận nghèo", "poor and near-poor households"), ("người cao tuổi", "elderly persons"),
        ("trẻ em có hoàn cảnh đặc biệt", "children in special circumstances"),
        ("hỗ trợ khẩn cấp do thiên tai", "emergency support after a disaster"), ("nhận chăm sóc thay thế", "alternative care"),
    ]),
}
# What makes two otherwise alike procedures differ, as the national database words it.
QUALIFIERS: list[Pair] = [
    ("", ""), (" trên môi trường điện tử", " online"), (" cho người nước ngoài", " for foreigners"),
    (" cho người Việt Nam định cư ở nước ngoài", " for overseas Vietnamese"), (" tại khu công nghiệp", " in industrial zones"),
    (" trong trường hợp bị mất, hỏng", " when lost or damaged"), (" do hết hạn sử dụng", " on expiry"),
    (" đối với tổ chức", " for organisations"), (" cho hộ gia đình, cá nhân", " for households and individuals"),
    (" tại khu vực biên giới", " in border areas"), (" theo thủ tục rút gọn", " by the short procedure"),
    (" lần đầu", " for the first time"), (" liên thông với cơ quan thuế", " jointly with the tax office"),
    (" tại đơn vị hành chính đặc biệt", " in special administrative units"),
]
DOCUMENTS: list[tuple[str, str, str, str | None]] = [
    # (code, Vietnamese, English, the wallet document it can be reused from)
    ("to_khai", "Tờ khai theo mẫu", "Form as prescribed", None),
    ("don_de_nghi", "Đơn đề nghị (theo mẫu)", "Application (on the prescribed form)", None),
    ("can_cuoc", "Căn cước / CCCD của người nộp hồ sơ", "Applicant's identity card", "can_cuoc"),
    ("anh_4x6", "02 ảnh 4×6 cm, phông nền trắng", "Two 4×6 cm photos on a white background", None),
    ("giay_uy_quyen", "Văn bản ủy quyền (nếu nộp thay)", "Power of attorney (if filing for someone else)", None),
    ("giay_to_nha_dat", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "Land use and house ownership certificate", "so_do"),
    ("ban_ve", "Bản vẽ thiết kế, sơ đồ vị trí", "Design drawings and site plan", None),
    ("giay_kham_suc_khoe", "Giấy khám sức khỏe do cơ sở y tế cấp", "Health certificate from a medical facility", None),
    ("giay_ket_hon", "Giấy chứng nhận kết hôn", "Marriage certificate", "giay_chung_nhan_ket_hon"),
    ("dieu_le", "Điều lệ doanh nghiệp", "Articles of association", None),
    ("danh_sach_thanh_vien", "Danh sách thành viên, cổ đông sáng lập", "List of members or founding shareholders", None),
    ("hop_dong_thue", "Hợp đồng thuê, mượn chỗ ở hợp pháp", "Lawful rental or loan agreement for the home", None),
    ("xac_nhan_cu_tru", "Giấy xác nhận thông tin về cư trú", "Confirmation of residence information", None),
    ("ban_dich", "Bản dịch có chứng thực sang tiếng Việt", "Certified Vietnamese translation", None),
    ("giay_phep_cu", "Giấy phép đã được cấp (bản chính)", "The permit already issued (original)", None),
]
FORM_FIELDS: list[dict[str, Any]] = [
    {"name": "full_name", "label": "Họ, chữ đệm và tên", "label_en": "Family, middle and given names", "type": "text"},
    {"name": "birth_date", "label": "Ngày sinh", "label_en": "Date of birth", "type": "date"},
    {"name": "address", "label": "Địa chỉ liên hệ", "label_en": "Contact address", "type": "address"},
    {"name": "copies", "label": "Số bản cần cấp", "label_en": "Number of copies needed", "type": "integer", "min": 1, "max": 10},
    {"name": "purpose", "label": "Mục đích sử dụng", "label_en": "Purpose", "type": "choice",
     "choices": ["Cá nhân", "Công việc", "Học tập", "Khác"], "choices_en": ["Personal", "Work", "Study", "Other"]},
    {"name": "area_m2", "label": "Diện tích (m²)", "label_en": "Area (m²)", "type": "integer", "min": 1, "max": 100000},
    {"name": "reason", "label": "Lý do đề nghị", "label_en": "Reason for the request", "type": "text"},
    {"name": "receive_by", "label": "Hình thức nhận kết quả", "label_en": "How to receive the result", "type": "choice",
     "choices": ["Tại quầy", "Qua bưu điện"], "choices_en": ["At the counter", "By post"]},
]
KEYWORDS: dict[str, list[str]] = {
    "ho_tich": ["hộ tịch", "trích lục"], "chung_thuc": ["công chứng", "sao y"], "ly_lich_tu_phap": ["LLTP", "lý lịch"],
    "cu_tru": ["hộ khẩu", "KT3"], "giay_phep_lai_xe": ["GPLX", "bằng lái"], "xuat_nhap_canh": ["passport", "visa"],
    "ho_kinh_doanh": ["giấy phép kinh doanh", "đăng ký kinh doanh"], "doanh_nghiep": ["mở công ty", "ĐKKD"],
    "xay_dung": ["xin phép xây nhà", "GPXD"], "dat_dai": ["sổ đỏ", "sổ hồng"], "bao_hiem": ["BHYT", "BHXH"],
    "bao_tro_xa_hoi": ["trợ cấp", "chính sách"],
}
EXEMPT_GROUPS = ["nguoi_co_cong", "ho_ngheo", "nguoi_khuyet_tat", "tre_em_duoi_6_tuoi"]
# The demo province's agencies that handle each field (backend/catalog/data/procedures.json demo_departments).
PROVINCE_AGENCIES = {"ly_lich_tu_phap": "06", "doanh_nghiep": "07", "xay_dung": "08", "dat_dai": "09", "bao_hiem": "12"}

CSV_COLUMNS = [
    "code", "name", "name_en", "field", "level", "agency_code", "working_days", "same_day_cutoff", "fee", "fee_stage",
    "online", "result_by_post", "documents", "form", "keywords", "note", "note_en",
]


def _fee(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(["free", "flat", "per_copy", "per_page", "by_channel"], weights=[30, 40, 10, 5, 15])[0]
    thousand = lambda low, high: rng.randrange(low, high) * 1000  # noqa: E731
    if kind == "flat":
        fee: dict[str, Any] = {"kind": "flat", "amount": thousand(5, 500)}
        if rng.random() < 0.15:
            fee["reduced"] = {"amount": fee["amount"] // 2, "for": rng.sample(EXEMPT_GROUPS, 2)}
        if rng.random() < 0.1:
            fee["variants"] = {"lost_or_damaged": fee["amount"] * 2}
    elif kind == "per_copy":
        fee = {"kind": "per_copy", "amount": thousand(2, 30)}
    elif kind == "per_page":
        fee = {"kind": "per_page", "tiers": [{"from_page": 1, "to_page": 2, "amount": 2000}, {"from_page": 3, "amount": 1000}],
               "cap_per_copy": 200000}
    elif kind == "by_channel":
        counter = thousand(10, 200)
        fee = {"kind": "by_channel", "counter": counter, "online": counter // 2}
    else:
        fee = {"kind": "free"}
    if kind != "free" and rng.random() < 0.2:
        fee["exemptions"] = rng.sample(EXEMPT_GROUPS, rng.randint(1, 3))
    if rng.random() < 0.3:
        fee["verified"] = False
    return fee


def province_procedures(count: int = 2000, *, seed: int = 17) -> list[dict[str, Any]]:
    """`count` procedures (at most a few thousand), each as the admin API's create body, distinct in code and name."""
    rng = random.Random(seed)
    names: list[tuple[str, str, str, str]] = []  # field, level, name, English name
    for qualifier in QUALIFIERS:
        for action in ACTIONS:
            for field, (level, subjects) in SUBJECTS.items():
                for subject in subjects:
                    names.append((field, level, f"{action[0]} {subject[0]}{qualifier[0]}", f"{action[1]} {subject[1]}{qualifier[1]}"))
    if count > len(names):
        raise ValueError(f"at most {len(names)} distinct procedures")
    rng.shuffle(names)
    procedures = []
    for n, (field, level, name, name_en) in enumerate(names[:count], start=1):
        if rng.random() < 0.2:
            level = "province" if level == "commune" else "commune"
        days = rng.choice([0, 0, 1, 3, 5, 7, 10, 15, 20, 30])
        documents = []
        for code, doc_name, doc_en, wallet in rng.sample(DOCUMENTS, rng.randint(1, 5)):
            document: dict[str, Any] = {"code": code, "name": doc_name, "name_en": doc_en, "required": rng.random() < 0.8}
            if rng.random() < 0.3:
                document["original_needed_at_counter"] = True
            if wallet:
                document["reusable_from_wallet"] = wallet
            documents.append(document)
        form = [
            {**field_, "required": rng.random() < 0.7}
            for field_ in rng.sample(FORM_FIELDS, rng.choice([0, 0, 1, 2, 3, 4]))
        ]
        procedure: dict[str, Any] = {
            "code": f"3.{100000 + n:06d}", "name": name, "name_en": name_en, "field": field, "level": level,
            "processing": {"working_days": days, **({"same_day_cutoff": "15:00"} if days == 0 and rng.random() < 0.5 else {})},
            "fee": _fee(rng), "online": rng.choice(["full", "partial", "partial", "none"]),
            "result_by_post": rng.random() < 0.6, "documents": documents, "form": form,
            "keywords": rng.sample(KEYWORDS[field], rng.randint(0, 2)),
        }
        if procedure["fee"]["kind"] == "per_page":
            procedure["fee_stage"] = "result"
        if level == "province" and field in PROVINCE_AGENCIES and rng.random() < 0.5:
            procedure["agency_code"] = f"000.00.{PROVINCE_AGENCIES[field]}.H56"
        if rng.random() < 0.25:
            procedure["note"] = f"Thời hạn giải quyết tính từ ngày nhận đủ hồ sơ hợp lệ; {name.lower()} được trả tại nơi nộp."
            procedure["note_en"] = "The time counts from the day a complete, valid dossier is received."
        procedures.append(procedure)
    return procedures


def province_csv(procedures: list[dict[str, Any]]) -> bytes:
    """The procedures as a "CSV UTF-8" export from a spreadsheet (BOM, header on line 1, one line per procedure:
    procedure i is on line i + 1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in procedures:
        cells = {
            **p, "working_days": p["processing"]["working_days"], "same_day_cutoff": p["processing"].get("same_day_cutoff"),
            "fee": json.dumps(p["fee"], ensure_ascii=False), "online": p["online"],
            "result_by_post": "có" if p["result_by_post"] else "không",
            "documents": json.dumps(p["documents"], ensure_ascii=False), "form": json.dumps(p["form"], ensure_ascii=False),
            "keywords": "; ".join(p["keywords"]),
        }
        writer.writerow(["" if cells.get(c) is None else cells[c] for c in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def province_json(procedures: list[dict[str, Any]]) -> bytes:
    return json.dumps({"procedures": procedures}, ensure_ascii=False).encode()


async def load_province(settings: Any, count: int = 2000) -> dict[str, int]:
    """The province's `count` procedures imported into `settings`' database by the bulk import itself (as the demo
    administrator, recorded in the audit log), for the benches; a second load changes nothing. The import's counts."""
    from backend.accounts.audit import Origin
    from backend.accounts.guards import Principal
    from backend.accounts.schemas import Role
    from backend.catalog import service
    from backend.db import create_pool

    pool = await create_pool(settings)
    try:
        admin = await pool.fetchrow(
            "select id, username, full_name, agency_code from staff_users where role = 'admin' order by username limit 1"
        )
        principal = Principal(
            kind="staff", id=admin["id"], role=Role.ADMIN, label=admin["username"], display_name=admin["full_name"],
            agency_code=admin["agency_code"],
        )
        result = await service.import_procedures(
            pool, settings, principal, Origin(ip="127.0.0.1", user_agent="bench: province catalogue"),
            province_csv(province_procedures(count)), "text/csv",
        )
    finally:
        await pool.close()
    return {"created": result.created, "changed": result.changed, "unchanged": result.unchanged}
