"""The nine criteria of the satisfaction index (Chỉ số hài lòng về sự phục vụ hành chính, SIPAS), as Decision
766/QĐ-TTg scores them for each agency: 0, 1 or 2 points each, written as the provinces' rating forms put them.

Pure data: the order is the order of `ratings.scores` in the database (migrations/014), so new criteria go at the
end and none is ever reordered.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.i18n import Text


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    question: Text
    # What 0, 1 and 2 points mean for this criterion, in that order.
    choices: tuple[Text, Text, Text]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "total_time",
        Text("Tổng thời gian giải quyết thủ tục so với thời hạn theo quy định",
             "The total time taken compared with the legal time limit"),
        (Text("Trễ hạn", "Late"), Text("Đúng hạn", "On time"), Text("Sớm hơn hạn", "Early")),
    ),
    Criterion(
        "unit_time",
        Text("Thời gian giải quyết tại từng cơ quan, đơn vị so với quy định",
             "The time taken at each agency or unit compared with the rules"),
        (Text("Có nơi trễ hạn", "Late somewhere"), Text("Đúng hạn", "On time"), Text("Sớm hơn hạn", "Early")),
    ),
    Criterion(
        "contacts",
        Text("Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ",
             "How many times you had to contact the office to complete the dossier"),
        (Text("Từ 3 lần trở lên", "3 times or more"), Text("2 lần", "Twice"), Text("1 lần", "Once")),
    ),
    Criterion(
        "agencies",
        Text("Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ",
             "How many agencies or units you had to contact to complete the dossier"),
        (Text("Từ 3 nơi trở lên", "3 or more"), Text("2 nơi", "Two"), Text("1 nơi", "One")),
    ),
    Criterion(
        "one_stop",
        Text("Hồ sơ được tiếp nhận, giải quyết và trả kết quả tại Bộ phận Một cửa",
             "The dossier was received, handled and returned through the one-stop desk"),
        (Text("Không", "No"), Text("Một phần", "Partly"), Text("Hoàn toàn", "Entirely")),
    ),
    Criterion(
        "publication",
        Text("Mức độ công khai thủ tục hành chính (giấy tờ, phí, thời hạn)",
             "How openly the procedure was published (papers, fees, time limits)"),
        (Text("Không công khai", "Not published"), Text("Công khai một phần", "Partly published"),
         Text("Công khai đầy đủ", "Fully published")),
    ),
    Criterion(
        "attitude",
        Text("Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
             "The staff's attitude when guiding you, receiving and handling the dossier"),
        (Text("Gây phiền hà, nhũng nhiễu", "Obstructive or harassing"), Text("Bình thường", "Ordinary"),
         Text("Nhiệt tình, chu đáo", "Helpful and attentive")),
    ),
    Criterion(
        "convenience",
        Text("Mức độ thuận tiện khi thực hiện thủ tục (nộp, theo dõi, nhận kết quả)",
             "How convenient it was to file, follow and receive the result"),
        (Text("Không thuận tiện", "Not convenient"), Text("Bình thường", "Ordinary"), Text("Thuận tiện", "Convenient")),
    ),
    Criterion(
        "overall",
        Text("Đánh giá chung về sự phục vụ của cơ quan", "Overall, how the agency served you"),
        (Text("Không hài lòng", "Not satisfied"), Text("Hài lòng", "Satisfied"), Text("Rất hài lòng", "Very satisfied")),
    ),
)

CODES: tuple[str, ...] = tuple(c.code for c in CRITERIA)
MAX_POINTS = 2 * len(CRITERIA)
