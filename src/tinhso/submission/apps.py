from django.apps import AppConfig


class SubmissionConfig(AppConfig):
    name = "tinhso.submission"
    verbose_name = "Nộp hồ sơ trực tuyến"

    def ready(self) -> None:
        # Issue 12 item 17: old drafts go under the retention schedule of personal data.
        from tinhso.privacy.retention import register
        from tinhso.submission.retention import drafts_purge

        register("drafts", "Hồ sơ nháp nộp trực tuyến", drafts_purge)
