"""Demo people the tester can sign in as. Invented; the first matches the demo citizen
account `congdan` (tinhso.demo), so that linking an existing account can be tried."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoIdentity:
    key: str
    cccd: str  # SoDinhDanh
    full_name: str  # HoVaTen
    birth: str  # NgayThangNamSinh, yyyyMMdd

    @property
    def birth_display(self) -> str:
        return f"{self.birth[6:]}/{self.birth[4:6]}/{self.birth[:4]}"


DEMO_IDENTITIES = [
    DemoIdentity("dan", "072190001234", "Nguyễn Thị Dân", "19900115"),
    DemoIdentity("binh", "079095012345", "Trần Văn Bình", "19950320"),
    DemoIdentity("yen", "072301004567", "Lê Hoàng Yến", "20010708"),
]
BY_KEY = {identity.key: identity for identity in DEMO_IDENTITIES}
