from django.db import models


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố"
    # Abolished on 01/7/2025 (two-tier local government); kept for history.
    DISTRICT = "district", "Huyện, thị xã, thành phố thuộc tỉnh (trước 01/7/2025)"
    COMMUNE = "commune", "Xã, phường, đặc khu"


class AgencyKind(models.TextChoices):
    UBND_TINH = "ubnd_tinh", "UBND tỉnh"
    VAN_PHONG = "van_phong", "Văn phòng UBND tỉnh"
    SO = "so", "Sở, ban, ngành"
    TRUNG_TAM_PVHCC = "trung_tam_phvhc", "Trung tâm Phục vụ hành chính công"
    UBND_XA = "ubnd_xa", "UBND xã, phường"
    KHAC = "khac", "Cơ quan khác"
