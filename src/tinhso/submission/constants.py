from tinhso.catalogue.constants import OnlineLevel

# Online filing is open for both levels of Nghị định 42/2022/NĐ-CP Điều 11; "truc_tiep"
# procedures are filed at the counter or by post only.
ONLINE_LEVELS = frozenset({OnlineLevel.FULL, OnlineLevel.PARTIAL})

# What a citizen may upload with an online dossier, whatever else the counter accepts.
ONLINE_FILE_TYPES = ["pdf", "jpg", "jpeg", "png"]
