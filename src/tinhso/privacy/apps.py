from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tinhso.privacy"
    label = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"

    def ready(self) -> None:
        # Notifications sit below privacy: their purge is registered here; the contexts above
        # (dossiers, eforms, submission) register their own in their AppConfig.ready.
        from tinhso.notifications.retention import notifications_purge
        from tinhso.privacy.retention import register
        from tinhso.privacy.services import access_log_purge

        register("notifications", "Thông báo đã gửi (thư, SMS)", notifications_purge)
        register("access_log", "Nhật ký truy cập dữ liệu cá nhân", access_log_purge)
