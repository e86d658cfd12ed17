"""Pages of outgoing documents (văn bản đi), under /van-ban/di/."""

from django.urls import path

from tinhso.documents import views_outgoing as v

urlpatterns = [
    path("", v.drafts, name="outgoing_drafts"),
    path("moi/", v.draft_new, name="outgoing_new"),
    path("cho-ky/", v.to_sign, name="outgoing_to_sign"),
    path("cho-ban-hanh/", v.to_issue, name="outgoing_to_issue"),
    path("so/", v.book, name="outgoing_book"),
    path("so/tai-ve/", v.register, name="outgoing_register"),
    path("<int:pk>/", v.detail, name="outgoing_detail"),
    path("<int:pk>/sua/", v.edit, name="outgoing_edit"),
    path("<int:pk>/phien-ban/", v.version, name="outgoing_version"),
    path("<int:pk>/phien-ban/<int:vid>/", v.version_file, name="outgoing_version_file"),
    path("<int:pk>/tep/<int:fid>/", v.main_file, name="outgoing_file"),
    path("<int:pk>/y-kien/", v.comment, name="outgoing_comment"),
    path("<int:pk>/noi-nhan/", v.recipient_add, name="outgoing_recipient_add"),
    path("<int:pk>/theo-doi/", v.tracking, name="outgoing_tracking"),
    path("<int:pk>/thu-hoi/", v.recall, name="outgoing_recall"),
    path("<int:pk>/thu-hoi/<int:rid>/", v.recall_copy, name="outgoing_recall_copy"),
    path("<int:pk>/thay-the/", v.successor, name="outgoing_successor"),
    path("<int:pk>/<str:action>/", v.act, name="outgoing_action"),
]
