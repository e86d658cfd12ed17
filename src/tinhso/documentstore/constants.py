from django.db import models


class PaperKind(models.TextChoices):
    """Where a paper in the citizen's data store (kho dữ liệu) came from.

    The store of citizens' and organisations' electronic papers, with owner and source, is
    function group 8 of TT 21/2023/TT-BTTTT (amended by TT 11/2025/TT-BKHCN); results of
    earlier procedures are reused from it (TT 01/2023/TT-VPCP; Nghị định 45/2020/NĐ-CP).
    """

    RESULT = "result", "Kết quả giải quyết thủ tục"
    COMPONENT = "component", "Giấy tờ đã nộp trong hồ sơ"
    UPLOAD = "upload", "Giấy tờ tự tải lên"


# What a citizen may upload to the store themselves: the types the online dossier accepts.
UPLOAD_TYPES = ["pdf", "jpg", "jpeg", "png"]
# What the platform may put there (results and papers of a dossier): every checked type.
STORED_TYPES = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "xml", "zip"]
