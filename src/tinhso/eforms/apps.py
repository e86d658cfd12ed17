from django.apps import AppConfig


class EformsConfig(AppConfig):
    name = "tinhso.eforms"
    verbose_name = "Biểu mẫu điện tử"

    def ready(self) -> None:
        # A new draft of a procedure version takes the e-form of the version it copies; the
        # catalogue calls what is registered here and so does not import eforms.
        from tinhso.catalogue.services import draft_copier_register
        from tinhso.eforms.services import eform_copy

        draft_copier_register(eform_copy)

        # Issue 12 item 17: answers of closed dossiers go under the retention schedule.
        from tinhso.eforms.retention import closed_answers_clear
        from tinhso.privacy.retention import register

        register("closed_dossiers", "Nội dung tờ khai của hồ sơ đã kết thúc", closed_answers_clear)
